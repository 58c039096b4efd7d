import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { districtAccess, enforce } from '@roster/authz';
import { syncChangePageSchema, syncStatusSchema as internalSyncStatus } from '@roster/internal-api';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, pageSchema, runParams, syncChangeSchema, syncChangesQuery, syncStatusSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getDistrictSync = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sync',
  operationId: 'getDistrictSync',
  tag: 'Sync',
  summary: 'Sync status of the district: connection, cursor age, recent runs and their counts, rejected records, held run',
  description: 'District admins of the district only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.',
  params: districtParams,
  query: noQuery,
  response: syncStatusSchema,
  errors: [403, 404],
});

export const listSyncRunChanges = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sync/runs/{runId}/changes',
  operationId: 'listSyncRunChanges',
  tag: 'Sync',
  summary: 'The records a preview run would change, or a held run would archive, one kind at a time',
  description:
    '`kind`: created | updated | archived | restored | rejected. A preview lists what it found; a held run lists for `archived` exactly ' +
    'the records approving it would archive now. Other runs, and other kinds of a held run (already applied), answer 409 ' +
    'INGESTION.CHANGES_NOT_RECORDED; a run of another district 404 INGESTION.RUN_NOT_FOUND. District admins only.',
  params: runParams,
  query: syncChangesQuery,
  response: pageSchema(syncChangeSchema),
  errors: [403, 404, 409],
});

@Controller()
export class DistrictSyncQueryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getDistrictSync)
  async get(@Input() input: InputOf<typeof getDistrictSync>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    // The principal carries the district's Clever id (resolved by identity at sign-in and on every request).
    const body = await this.upstreams.ingestion.get(asUser(principal), path`/districts/${principal.cleverDistrictId}/sync`, internalSyncStatus);
    return { districtId: principal.districtId, ...body };
  }

  @Endpoint(listSyncRunChanges)
  async changes(@Input() input: InputOf<typeof listSyncRunChanges>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const to = path`/districts/${principal.cleverDistrictId}/sync/runs/${input.params.runId}/changes`;
    return this.upstreams.ingestion.get(asUser(principal), to, syncChangePageSchema, input.query);
  }
}
