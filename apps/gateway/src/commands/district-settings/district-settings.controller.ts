import { Controller, Inject } from '@nestjs/common';
import type { Principal } from '@roster/auth';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser, enforce, seg } from '../../api/helpers';
import { districtParams, noQuery, settingsBody, settingsSchema } from '../../api/schemas';
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
    '`placementRequired` is stored by classes, `safeguardThresholdPercent` by clever-ingestion. The two are separate ' +
    'services: when both fields are sent and the second service fails, the first change stays (retry the request).',
  params: districtParams,
  query: noQuery,
  body: settingsBody,
  response: settingsSchema,
  errors: [403, 404],
});

interface ClassesSettings {
  placementRequired: boolean;
}
interface IngestionSettings {
  safeguardThresholdPercent: number;
}

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
    const classes =
      placementRequired === undefined
        ? await this.classesSettings(principal)
        : (await this.upstreams.classes.call<ClassesSettings>(caller, 'PATCH', `/districts/${seg(principal.districtId)}/settings`, { body: { placementRequired } })).body;
    const ingestion =
      safeguardThresholdPercent === undefined
        ? await this.ingestionSettings(principal)
        : (
            await this.upstreams.ingestion.call<IngestionSettings & { settings?: IngestionSettings }>(
              caller,
              'PATCH',
              `/districts/${seg(principal.cleverDistrictId)}/settings`,
              { body: { safeguardThresholdPercent } },
            )
          ).body;
    return this.answer(principal, classes, ingestion);
  }

  private classesSettings(principal: Principal): Promise<ClassesSettings> {
    return this.upstreams.classes.get<ClassesSettings>(asUser(principal), `/districts/${seg(principal.districtId)}/settings`);
  }

  private async ingestionSettings(principal: Principal): Promise<IngestionSettings> {
    const sync = await this.upstreams.ingestion.get<{ settings: IngestionSettings }>(asUser(principal), `/districts/${seg(principal.cleverDistrictId)}/sync`);
    return sync.settings;
  }

  private answer(principal: Principal, classes: ClassesSettings, ingestion: IngestionSettings & { settings?: IngestionSettings }) {
    return {
      districtId: principal.districtId,
      placementRequired: classes.placementRequired,
      safeguardThresholdPercent: ingestion.settings?.safeguardThresholdPercent ?? ingestion.safeguardThresholdPercent,
    };
  }
}
