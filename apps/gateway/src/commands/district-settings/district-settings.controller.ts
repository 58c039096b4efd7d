import { Controller, Inject } from '@nestjs/common';
import { districtAccess, enforce } from '@roster/authz';
import { classesSettingsSchema, ingestionSettingsUpdatedSchema, syncStatusSchema, type IngestionSettingsBody } from '@roster/internal-api';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, settingsBody, settingsSchema, settingsUpdateSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getSettings = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/settings',
  operationId: 'getDistrictSettings',
  tag: 'Districts',
  summary: 'District settings: placementRequired and placementValidity (classes) and the mass-archive safeguard — safeguardThresholdPercent, safeguardThresholds per role, safeguardMinimumCount (clever-ingestion)',
  description: 'District admins only.',
  params: districtParams,
  query: noQuery,
  response: settingsSchema,
  errors: [403, 404],
});

export const patchSettings = defineEndpoint({
  method: 'PATCH',
  path: '/districts/{id}/settings',
  operationId: 'updateDistrictSettings',
  tag: 'Districts',
  summary: 'Change district settings',
  description:
    '`placementRequired` and `placementValidity` are stored by classes, `safeguardThresholdPercent`, `safeguardThresholds` and `safeguardMinimumCount` by clever-ingestion; the answer carries the fields ' +
    'sent, as stored. The two are separate services: when both fields are sent and the second fails, the first change stays ' +
    '(retrying is safe).',
  params: districtParams,
  query: noQuery,
  body: settingsBody,
  response: settingsUpdateSchema,
  errors: [403, 404],
});

@Controller()
export class DistrictSettingsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getSettings)
  async get(@Input() input: InputOf<typeof getSettings>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const caller = asUser(principal);
    const [classes, ingestion] = await Promise.all([
      this.upstreams.classes.get(caller, path`/districts/${principal.districtId}/settings`, classesSettingsSchema),
      this.upstreams.ingestion.get(caller, path`/districts/${principal.cleverDistrictId}/sync`, syncStatusSchema),
    ]);
    return {
      districtId: principal.districtId,
      placementRequired: classes.placementRequired,
      placementValidity: classes.placementValidity,
      safeguardThresholdPercent: ingestion.settings.safeguardThresholdPercent,
      safeguardThresholds: ingestion.settings.safeguardThresholds,
      safeguardMinimumCount: ingestion.settings.safeguardMinimumCount,
    };
  }

  @Endpoint(patchSettings)
  async patch(@Input() input: InputOf<typeof patchSettings>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const caller = asUser(principal);
    const { placementRequired, placementValidity, safeguardThresholdPercent, safeguardThresholds, safeguardMinimumCount } = input.body;
    const answer: { districtId: string; placementRequired?: boolean; placementValidity?: 'any' | 'current_school_year' } & IngestionSettingsBody = { districtId: principal.districtId };
    if (placementRequired !== undefined || placementValidity !== undefined) {
      // classes' fields in one request (one change).
      const to = path`/districts/${principal.districtId}/settings`;
      const stored = await this.upstreams.classes.call(caller, 'PATCH', to, classesSettingsSchema, { body: { placementRequired, placementValidity } });
      if (placementRequired !== undefined) answer.placementRequired = stored.placementRequired;
      if (placementValidity !== undefined) answer.placementValidity = stored.placementValidity;
    }
    if (safeguardThresholdPercent !== undefined || safeguardThresholds !== undefined || safeguardMinimumCount !== undefined) {
      // The safeguard's fields go to clever-ingestion in one request (one change, all or nothing).
      const to = path`/districts/${principal.cleverDistrictId}/settings`;
      const body = { safeguardThresholdPercent, safeguardThresholds, safeguardMinimumCount };
      Object.assign(answer, await this.upstreams.ingestion.call(caller, 'PATCH', to, ingestionSettingsUpdatedSchema, { body }));
    }
    return answer;
  }
}
