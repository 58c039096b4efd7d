import { Controller, Inject } from '@nestjs/common';
import type { Principal } from '@roster/authz';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser, enforce, seg } from '../../api/helpers';
import { districtParams, noQuery, settingsBody, settingsSchema, settingsUpdateSchema } from '../../api/schemas';
import { districtAccess } from '../../domain/scope';
import { UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getSettings = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/settings',
  operationId: 'getDistrictSettings',
  tag: 'Districts',
  summary: 'District settings: placementRequired (classes) and safeguardThresholdPercent (clever-ingestion)',
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
    '`placementRequired` is stored by classes, `safeguardThresholdPercent` by clever-ingestion; the answer carries the fields ' +
    'sent, as stored. The two are separate services: when both fields are sent and the second fails, the first change stays ' +
    '(retrying is safe).',
  params: districtParams,
  query: noQuery,
  body: settingsBody,
  response: settingsUpdateSchema,
  errors: [403, 404],
});

interface ClassesSettings {
  placementRequired: boolean;
}
interface IngestionSettings {
  safeguardThresholdPercent: number;
}
/** clever-ingestion answers its settings (possibly wrapped as `{settings}`). */
type IngestionAnswer = Partial<IngestionSettings> & { settings?: IngestionSettings };

@Controller()
export class DistrictSettingsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getSettings)
  async get(@Input() input: InputOf<typeof getSettings>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'district_admin'));
    const [classes, ingestion] = await Promise.all([this.classesSettings(principal), this.ingestionSettings(principal)]);
    return this.answer(principal, classes, ingestion);
  }

  @Endpoint(patchSettings)
  async patch(@Input() input: InputOf<typeof patchSettings>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'district_admin'));
    const caller = asUser(principal);
    const { placementRequired, safeguardThresholdPercent } = input.body;
    const answer: { districtId: string; placementRequired?: boolean; safeguardThresholdPercent?: number } = { districtId: principal.districtId };
    if (placementRequired !== undefined) {
      const path = `/districts/${seg(principal.districtId)}/settings`;
      answer.placementRequired = (await this.upstreams.classes.call<ClassesSettings>(caller, 'PATCH', path, { body: { placementRequired } })).body.placementRequired;
    }
    if (safeguardThresholdPercent !== undefined) {
      const path = `/districts/${seg(principal.cleverDistrictId)}/settings`;
      const body = (await this.upstreams.ingestion.call<IngestionAnswer>(caller, 'PATCH', path, { body: { safeguardThresholdPercent } })).body;
      answer.safeguardThresholdPercent = body.settings?.safeguardThresholdPercent ?? body.safeguardThresholdPercent;
    }
    return answer;
  }

  private classesSettings(principal: Principal): Promise<ClassesSettings> {
    return this.upstreams.classes.get<ClassesSettings>(asUser(principal), `/districts/${seg(principal.districtId)}/settings`);
  }

  private async ingestionSettings(principal: Principal): Promise<IngestionSettings> {
    const sync = await this.upstreams.ingestion.get<{ settings: IngestionSettings }>(asUser(principal), `/districts/${seg(principal.cleverDistrictId)}/sync`);
    return sync.settings;
  }

  private answer(principal: Principal, classes: ClassesSettings, ingestion: IngestionSettings) {
    return { districtId: principal.districtId, placementRequired: classes.placementRequired, safeguardThresholdPercent: ingestion.safeguardThresholdPercent };
  }
}
