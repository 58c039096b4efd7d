import { Controller, Inject } from '@nestjs/common';
import { z } from 'zod';
import { districtAccess, enforce } from '@roster/authz';
import {
  AFTER_DAYS,
  neverEnrolledPageSchema as internalNeverEnrolledPage,
  neverEnrolledStudentSchema,
  sharingHealthSchema as internalSharingHealth,
  syncStatusSchema as internalSyncStatus,
} from '@roster/internal-api';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { apiSchemas, cursor, districtParams, id, limit, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

const afterDays = z.coerce
  .number()
  .int()
  .optional()
  .describe(`days a student must have been shared to count as never enrolled, ${AFTER_DAYS.min}..${AFTER_DAYS.max} (default ${AFTER_DAYS.default}); outside: 400 CLASSES.AFTER_DAYS_OUT_OF_RANGE`);

export const sharingHealthSchema = internalSharingHealth.extend({
  contactsIgnored: z
    .number()
    .int()
    .nullable()
    .describe('guardians/contacts the district shares, which Roster ignores (from the latest completed full sync; null before one)'),
});
apiSchemas.add(sharingHealthSchema, { id: 'SharingHealth', description: 'Whom a district shares through Clever and whom the program uses: counts only, never names.' });
apiSchemas.add(neverEnrolledStudentSchema, { id: 'NeverEnrolledStudent' });

export const getSharingHealth = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sharing-health',
  operationId: 'getSharingHealth',
  tag: 'Districts',
  summary: 'Sharing health: students and teachers shared vs. used, per school and for the district',
  description:
    'District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND. Per school, "enrolled" ' +
    'and "teaching" mean in a class of that school; for the district, in any of its classes (each person counted once).',
  params: districtParams,
  query: z.object({ afterDays }).strict(),
  response: sharingHealthSchema,
  errors: [403, 404],
});

export const listNeverEnrolled = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sharing-health/never-enrolled',
  operationId: 'listNeverEnrolledStudents',
  tag: 'Districts',
  summary: 'Students shared longer than afterDays and never enrolled in a class (the drill-down of sharing health)',
  description: 'District admins only. Sorted by last name, first name. `schoolId` narrows to one school of the district.',
  params: districtParams,
  query: z.object({ afterDays, schoolId: id.optional(), cursor, limit }).strict(),
  response: pageSchema(neverEnrolledStudentSchema),
  errors: [403, 404],
});

@Controller()
export class SharingHealthController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getSharingHealth)
  async get(@Input() input: InputOf<typeof getSharingHealth>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const [health, sync] = await Promise.all([
      this.upstreams.classes.get(asUser(principal), path`/districts/${principal.districtId}/sharing-health`, internalSharingHealth, input.query),
      this.upstreams.ingestion.get(asUser(principal), path`/districts/${principal.cleverDistrictId}/sync`, internalSyncStatus),
    ]);
    // Clever contacts are never published: clever-ingestion counts them as `ignored` in each full run.
    const full = sync.runs.find((r) => r.kind === 'full' && r.status === 'completed');
    return { ...health, contactsIgnored: full?.counts?.ignored ?? null };
  }

  @Endpoint(listNeverEnrolled)
  async neverEnrolled(@Input() input: InputOf<typeof listNeverEnrolled>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.classes.get(asUser(principal), path`/districts/${principal.districtId}/sharing-health/never-enrolled`, internalNeverEnrolledPage, input.query);
  }
}
