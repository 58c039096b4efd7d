import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { auditAccess, enforce } from '@roster/authz';
import { auditPageSchema } from '@roster/internal-api';
import { asUser } from '../../api/helpers';
import { auditEntrySchema, pageQuery, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listAudit = defineEndpoint({
  method: 'GET',
  path: '/audit',
  operationId: 'listAudit',
  tag: 'Audit',
  summary: 'Audit log, newest first: district admins the whole district, school admins the entries of their schools',
  description: 'Teachers get 403 ACCESS.SCHOOL_ADMIN_REQUIRED.',
  query: pageQuery,
  response: pageSchema(auditEntrySchema),
  errors: [403],
});

@Controller()
export class AuditController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listAudit)
  async list(@Input() input: InputOf<typeof listAudit>, @Auth() { principal }: AuthContext) {
    enforce(auditAccess(principal, principal.districtId));
    return this.upstreams.classes.get(asUser(principal), path`/districts/${principal.districtId}/audit`, auditPageSchema, input.query);
  }
}
