import { Controller, Inject } from '@nestjs/common';
import { districtAccess, enforce, type Principal } from '@roster/authz';
import { syncStatusSchema } from '@roster/internal-api';
import { conflict, invalid } from '@roster/problems';
import { z } from 'zod';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, rolloverBody, rolloverPreviewSchema, rolloverResultSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const previewRollover = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/school-years/rollover/preview',
  operationId: 'previewSchoolYearRollover',
  tag: 'Districts',
  summary: 'What a new-school-year rollover would do, per school (nothing changes)',
  description:
    'District admins only. Per school: active classes of the ending year to archive, active enrollments to end, students who ' +
    'return to the available list, classes carried forward. Refused exactly as the rollover would be (name, start date, ' +
    'carry-forward ids: CLASSES.SCHOOL_YEAR_NAME_INVALID, CLASSES.SCHOOL_YEAR_STARTS_TOO_EARLY, CLASSES.SCHOOL_YEAR_EXISTS, CLASSES.CARRY_FORWARD_INVALID).',
  params: districtParams,
  query: noQuery,
  body: rolloverBody,
  status: 200,
  response: rolloverPreviewSchema,
  errors: [403, 404, 409],
});

/**
 * Optional to the schema although every rollover needs it: declared headers are validated before the route asks the
 * policy, so a required one would answer 400 VALIDATION_FAILED where an out-of-scope caller must get 404 (and an
 * in-scope teacher 403). The route checks it after the policy: 400 CLASSES.IDEMPOTENCY_KEY_REQUIRED.
 */
const rolloverHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .describe('Required (1..200 characters; 400 CLASSES.IDEMPOTENCY_KEY_REQUIRED without it). One key per intended rollover: a repeat with it answers the first result.')
    .optional(),
});

export const rollover = defineEndpoint({
  method: 'POST',
  path: '/districts/{id}/school-years/rollover',
  operationId: 'rolloverSchoolYear',
  tag: 'Districts',
  summary: 'End the current school year and start the next one',
  description:
    'District admins only; the `Idempotency-Key` header is required (400 CLASSES.IDEMPOTENCY_KEY_REQUIRED): a repeat with the same ' +
    'key and body answers the first result, with another body 409 CLASSES.IDEMPOTENCY_KEY_REUSED. Every active class of the ' +
    'ending year is archived (reason school_year_ended), its active enrollments end (school_year_ended; history and placements ' +
    'kept; the students are back in the available lists); carried-forward classes start in the new year with the same name, ' +
    'course and teachers and no students. A year that exists already is 409 CLASSES.SCHOOL_YEAR_EXISTS; while a sync run of ' +
    'the district is running or held, 409 CLASSES.SYNC_IN_PROGRESS; a rollover that waited while another one (another key) ended ' +
    'the year it was asked against, 409 CLASSES.SCHOOL_YEAR_ROLLED_OVER (nothing changed).',
  params: districtParams,
  query: noQuery,
  headers: rolloverHeaders,
  body: rolloverBody,
  status: 200,
  response: rolloverResultSchema,
  errors: [403, 404, 409],
});

@Controller()
export class SchoolYearsCommandController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(previewRollover)
  async preview(@Input() input: InputOf<typeof previewRollover>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const to = path`/districts/${principal.districtId}/school-years/rollover/preview`;
    return this.upstreams.classes.call(asUser(principal), 'POST', to, rolloverPreviewSchema, { body: input.body });
  }

  @Endpoint(rollover)
  async rollover(@Input() input: InputOf<typeof rollover>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    const key = input.headers['Idempotency-Key']?.trim();
    if (!key || key.length > 200) throw invalid('CLASSES.IDEMPOTENCY_KEY_REQUIRED', 'a rollover needs an Idempotency-Key header (1..200 characters)');
    await this.refuseDuringSync(principal);
    const to = path`/districts/${principal.districtId}/school-years/rollover`;
    return this.upstreams.classes.call(asUser(principal), 'POST', to, rolloverResultSchema, { body: input.body, query: { idempotencyKey: key } });
  }

  /**
   * A rollover while Clever data is moving would archive classes under a roster about to change (or waiting for an
   * admin's decision). clever-ingestion owns the runs: its status is asked first. A run starting right after this
   * check is not prevented (the two services share no transaction); the rollover's own effects stay consistent.
   */
  private async refuseDuringSync(principal: Principal): Promise<void> {
    const status = await this.upstreams.ingestion.get(asUser(principal), path`/districts/${principal.cleverDistrictId}/sync`, syncStatusSchema);
    const running = status.runs.some((r) => r.status === 'running' && r.mode !== 'preview');
    if (running || status.held) {
      throw conflict('CLASSES.SYNC_IN_PROGRESS', running ? 'a sync run of the district is running; roll over when it has finished' : 'a sync run of the district is held; approve or reject it first', {
        ...(status.held ? { heldRunId: status.held.runId } : {}),
      });
    }
  }
}
