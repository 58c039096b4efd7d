import { Controller, Inject } from '@nestjs/common';
import { districtAccess, enforce } from '@roster/authz';
import { duplicatePairPageSchema } from '@roster/internal-api';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { districtParams, duplicatePairSchema, pageQuery, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listDuplicateAccounts = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/duplicate-accounts',
  operationId: 'listDuplicateAccounts',
  tag: 'Accounts',
  summary: 'Possible duplicate accounts: an archived and an active account sharing a strong identifier (district admins)',
  description:
    'Found as records arrive, within one district and role group (students: sis_id, student_number, state_id; staff: email, teacher_number, ' +
    'staff_id, sis_id), with the identifiers they share. Oldest first. District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another ' +
    'district is 404 IDENTITY.DISTRICT_NOT_FOUND.',
  params: districtParams,
  query: pageQuery,
  response: pageSchema(duplicatePairSchema),
  errors: [403, 404],
});

@Controller()
export class DuplicateAccountsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listDuplicateAccounts)
  async list(@Input() input: InputOf<typeof listDuplicateAccounts>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.identity.get(asUser(principal), path`/districts/${principal.districtId}/duplicate-accounts`, duplicatePairPageSchema, input.query);
  }
}
