import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser, ensureSchoolVisible } from '../../api/helpers';
import { accountSchema, accountsQuery, idParams, noQuery, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';
import { accountPageSchema } from '@roster/internal-api';

export const listAccounts = defineEndpoint({
  method: 'GET',
  path: '/accounts',
  operationId: 'listAccounts',
  tag: 'Accounts',
  summary: 'Accounts of the district (school admins and teachers: accounts of their schools), sorted by last name, first name',
  description: '`q` matches name, email, sis_id and student_number (case-insensitive). A `schoolId` the caller cannot see is 404.',
  query: accountsQuery,
  response: pageSchema(accountSchema),
  errors: [404],
});

export const getAccount = defineEndpoint({
  method: 'GET',
  path: '/accounts/{id}',
  operationId: 'getAccount',
  tag: 'Accounts',
  summary: 'One account in the caller\'s scope',
  params: idParams,
  query: noQuery,
  response: accountSchema,
  errors: [404],
});

@Controller()
export class AccountsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listAccounts)
  async list(@Input() input: InputOf<typeof listAccounts>, @Auth() { principal }: AuthContext) {
    if (input.query.schoolId) await ensureSchoolVisible(this.upstreams, principal, input.query.schoolId);
    return this.upstreams.identity.get(asUser(principal), path`/districts/${principal.districtId}/accounts`, accountPageSchema, input.query);
  }

  @Endpoint(getAccount)
  get(@Input() input: InputOf<typeof getAccount>, @Auth() { principal }: AuthContext) {
    return this.upstreams.identity.get(asUser(principal), path`/accounts/${input.params.id}`, accountSchema);
  }
}
