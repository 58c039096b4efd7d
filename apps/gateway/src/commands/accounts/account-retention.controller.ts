import { Controller, Inject } from '@nestjs/common';
import { districtAccess, enforce } from '@roster/authz';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { accountRetentionBody, accountRetentionSchema, districtParams, noQuery } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getAccountRetention = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/account-retention',
  operationId: 'getAccountRetention',
  tag: 'Districts',
  summary: 'Retention of archived accounts: archivedRetentionDays (null: kept; the default)',
  description: 'District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.',
  params: districtParams,
  query: noQuery,
  response: accountRetentionSchema,
  errors: [403, 404],
});

export const updateAccountRetention = defineEndpoint({
  method: 'PATCH',
  path: '/districts/{id}/account-retention',
  operationId: 'updateAccountRetention',
  tag: 'Districts',
  summary: 'Set the retention of archived accounts (at least 30 days, or null to keep them)',
  description:
    'Accounts archived longer than `archivedRetentionDays` have their names, email and numbers erased by a scheduled job in identity and classes ' +
    '("Former student"); ids and history stay. Below 30 days: 400 IDENTITY.RETENTION_TOO_SHORT, nothing changed. District admins only.',
  params: districtParams,
  query: noQuery,
  body: accountRetentionBody,
  response: accountRetentionSchema,
  errors: [403, 404],
});

@Controller()
export class AccountRetentionController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getAccountRetention)
  async get(@Input() input: InputOf<typeof getAccountRetention>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.identity.get(asUser(principal), path`/districts/${principal.districtId}/retention`, accountRetentionSchema);
  }

  @Endpoint(updateAccountRetention)
  async update(@Input() input: InputOf<typeof updateAccountRetention>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.identity.call(asUser(principal), 'PATCH', path`/districts/${principal.districtId}/retention`, accountRetentionSchema, { body: input.body });
  }
}
