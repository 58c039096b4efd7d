import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { districtAccess, enforce } from '@roster/authz';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, runParams, syncRunSchema, syncStartedSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const startSync = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/sync',
  operationId: 'startDistrictSync',
  tag: 'Sync',
  summary: 'Sync now: start a full sync of the district',
  description: '202 with the run id; 409 INGESTION.SYNC_ALREADY_RUNNING (with the running run id) when one is running.',
  params: districtParams,
  query: noQuery,
  status: 202,
  response: syncStartedSchema,
  errors: [403, 404, 409],
});

export const previewSync = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/sync/preview',
  operationId: 'previewDistrictSync',
  tag: 'Sync',
  summary: 'Preview changes: a dry-run full read of Clever that lists what a sync would change, and changes nothing',
  description:
    '202 with the preview run id. The run (`mode: "preview"`) is listed with the other runs; its changes are paged by ' +
    '`GET …/sync/runs/{runId}/changes`. It publishes nothing, leaves the roster, the events cursor and the last successful ' +
    'sync as they are. 409 INGESTION.SYNC_ALREADY_RUNNING (with its run id) while a preview is queued or running; a preview and a ' +
    'real sync of the district are serialized, never run at the same time. District admins only.',
  params: districtParams,
  query: noQuery,
  status: 202,
  response: syncStartedSchema,
  errors: [403, 404, 409],
});

export const approveRun = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/sync/runs/{runId}/approve',
  operationId: 'approveSyncRun',
  tag: 'Sync',
  summary: 'Approve a run held by the mass-change safeguard: its archives are applied',
  description: '409 INGESTION.RUN_NOT_HELD when the run is not held.',
  params: runParams,
  query: noQuery,
  response: syncRunSchema,
  errors: [403, 404, 409],
});

export const rejectRun = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/sync/runs/{runId}/reject',
  operationId: 'rejectSyncRun',
  tag: 'Sync',
  summary: 'Reject a held run: its archives are dropped',
  description: '409 INGESTION.RUN_NOT_HELD when the run is not held.',
  params: runParams,
  query: noQuery,
  response: syncRunSchema,
  errors: [403, 404, 409],
});

@Controller()
export class DistrictSyncCommandController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(startSync)
  async start(@Input() input: InputOf<typeof startSync>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.ingestion.call(asUser(principal), 'POST', path`/districts/${principal.cleverDistrictId}/sync`, syncStartedSchema);
  }

  @Endpoint(previewSync)
  async preview(@Input() input: InputOf<typeof previewSync>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.ingestion.call(asUser(principal), 'POST', path`/districts/${principal.cleverDistrictId}/sync/preview`, syncStartedSchema);
  }

  @Endpoint(approveRun)
  async approve(@Input() input: InputOf<typeof approveRun>, @Auth() { principal }: AuthContext) {
    return this.decide(principal, input.params, 'approve');
  }

  @Endpoint(rejectRun)
  async reject(@Input() input: InputOf<typeof rejectRun>, @Auth() { principal }: AuthContext) {
    return this.decide(principal, input.params, 'reject');
  }

  private async decide(principal: AuthContext['principal'], params: { id: string; runId: string }, decision: 'approve' | 'reject') {
    enforce(districtAccess(principal, params.id, 'admin'));
    const to =
      decision === 'approve'
        ? path`/districts/${principal.cleverDistrictId}/sync/runs/${params.runId}/approve`
        : path`/districts/${principal.cleverDistrictId}/sync/runs/${params.runId}/reject`;
    return this.upstreams.ingestion.call(asUser(principal), 'POST', to, syncRunSchema);
  }
}
