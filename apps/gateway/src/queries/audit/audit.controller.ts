import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asPage, asUser, enforce, seg } from '../../api/helpers';
import { auditEntrySchema, pageQuery, pageSchema } from '../../api/schemas';
import { auditAccess } from '../../domain/scope';
import { UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listAudit = defineEndpoint({
  method: 'GET',
  path: '/audit',
  operationId: 'listAudit',
  tag: 'Audit',
  summary: 'Audit log, newest first: district admins the whole district, school admins the entries of their schools',
  description: 'Teachers get 403 SCHOOL_ADMIN_REQUIRED.',
  query: pageQuery,
  response: pageSchema(auditEntrySchema),
  errors: [403],
});

@Controller()
export class AuditController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listAudit)
  async list(@Input() input: InputOf<typeof listAudit>, @Auth() { principal }: AuthContext) {
    enforce(auditAccess(principal));
    return asPage(await this.upstreams.classes.get(asUser(principal), `/districts/${seg(principal.districtId)}/audit`, input.query));
  }
}
