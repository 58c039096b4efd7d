import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import * as internal from '@roster/internal-api';
import { ProblemError, parseInput } from '@roster/problems';
import {
  accountsQuery,
  apiSchemas,
  availableStudentsQuery,
  createClassBody,
  devLoginBody,
  enrollBody,
  enrollmentsQuery,
  idParams,
  pageQuery,
  placementBody,
  runParams,
  settingsBody,
  updateClassBody,
} from './schemas';

const ok = (schema: Parameters<typeof parseInput>[0], value: unknown) => schema.safeParse(value).success;

describe('input schemas', () => {
  const id = randomUUID();

  it('accept our ids and refuse anything else in the path', () => {
    expect(ok(idParams, { id })).toBe(true);
    for (const bad of ['abc', '', `${id}x`, '../../internal', '1 OR 1=1']) expect(ok(idParams, { id: bad })).toBe(false);
    expect(ok(idParams, { id, extra: 'x' })).toBe(false);
    expect(ok(runParams, { id, runId: id })).toBe(true);
    for (const bad of ['../x', '..', '.', 'run_01H:x-y.z']) expect(ok(runParams, { id, runId: bad })).toBe(false);
  });

  it('coerce and bound limit to 1..500; cursors are opaque base64url', () => {
    expect(pageQuery.parse({ limit: '500' })).toEqual({ limit: 500 });
    for (const limit of ['0', '501', '-1', '1.5', 'abc', '', ['1', '2']]) expect(ok(pageQuery, { limit })).toBe(false);
    expect(ok(pageQuery, { cursor: 'eyJhIjoxfQ' })).toBe(true);
    expect(ok(pageQuery, { cursor: 'not a cursor!' })).toBe(false);
    expect(ok(pageQuery, { unknown: '1' })).toBe(false);
  });

  it('validate list filters', () => {
    expect(accountsQuery.parse({ schoolId: id, role: 'teacher', status: 'active', q: '  smith ', cleverId: '5f3a9b' })).toEqual({
      schoolId: id,
      role: 'teacher',
      status: 'active',
      q: 'smith',
      cleverId: '5f3a9b',
    });
    expect(accountsQuery.parse({ q: '   ' })).toEqual({});
    expect(ok(accountsQuery, { role: 'contact' })).toBe(false);
    expect(ok(accountsQuery, { q: 'x'.repeat(201) })).toBe(false);
    expect(ok(availableStudentsQuery, { placement: 'none', grade: '3' })).toBe(true);
    expect(ok(availableStudentsQuery, { placement: 'spire-up-level-2' })).toBe(true);
    expect(ok(availableStudentsQuery, { grade: '<script>' })).toBe(false);
    expect(ok(enrollmentsQuery, { status: 'all' })).toBe(true);
    expect(ok(enrollmentsQuery, { status: 'deleted' })).toBe(false);
  });

  it('dev login takes exactly one of cleverId and accountId', () => {
    expect(ok(devLoginBody, { cleverId: '5f3a9b' })).toBe(true);
    expect(ok(devLoginBody, { accountId: id })).toBe(true);
    expect(ok(devLoginBody, {})).toBe(false);
    expect(ok(devLoginBody, { cleverId: '5f3a9b', accountId: id })).toBe(false);
    expect(ok(devLoginBody, { accountId: 'x' })).toBe(false);
    expect(ok(devLoginBody, { cleverId: '5f3a9b', role: 'district_admin' })).toBe(false);
  });

  it('validate class, enrollment, placement and settings bodies', () => {
    expect(createClassBody.parse({ schoolId: id, name: '  Group A ' })).toEqual({ schoolId: id, name: 'Group A' });
    expect(ok(createClassBody, { schoolId: id, name: '   ' })).toBe(false);
    expect(ok(createClassBody, { schoolId: id, name: 'A', districtId: id })).toBe(false);
    expect(ok(updateClassBody, {})).toBe(false);
    expect(ok(updateClassBody, { courseId: null })).toBe(true);
    expect(ok(enrollBody, { studentIds: [] })).toBe(false);
    expect(ok(enrollBody, { studentIds: Array.from({ length: 501 }, () => id) })).toBe(false);
    expect(ok(enrollBody, { studentIds: [id], override: true })).toBe(true);
    expect(ok(placementBody, { studentId: id, recommendedCourseId: 'c1', testedOn: '2026-02-30' })).toBe(false);
    expect(ok(placementBody, { studentId: id, recommendedCourseId: 'c1', testedOn: '2026-02-03', score: 41.5 })).toBe(true);
    expect(ok(settingsBody, {})).toBe(false);
    expect(ok(settingsBody, { safeguardThresholdPercent: 101 })).toBe(false);
    expect(ok(settingsBody, { placementRequired: 'yes' })).toBe(false);
    expect(ok(settingsBody, { placementRequired: true, safeguardThresholdPercent: 10 })).toBe(true);
  });

  it('turn any input into either a value or a 400 VALIDATION_FAILED, never another error', () => {
    const schemas = [accountsQuery, availableStudentsQuery, createClassBody, updateClassBody, enrollBody, placementBody, settingsBody, devLoginBody, idParams];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.anything({ withNullPrototype: true, withObjectString: true }), (schema, value) => {
        try {
          parseInput(schema, value, 'body');
        } catch (error) {
          expect(error).toBeInstanceOf(ProblemError);
          expect((error as ProblemError).status).toBe(400);
          expect((error as ProblemError).code).toBe('VALIDATION_FAILED');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('answer schemas', () => {
  it('are the internal contracts wherever the public answer is the service\'s answer (one schema: parsed upstream, documented in OpenAPI)', () => {
    const reused: [string, z.ZodType][] = [
      ['Account', internal.accountSchema],
      ['School', internal.schoolSchema],
      ['District', internal.districtSchema],
      ['DevUser', internal.devUserSchema],
      ['SyncRun', internal.syncRunSchema],
      ['SyncStarted', internal.syncStartedSchema],
      ['DistrictSummary', internal.districtSummarySchema],
      ['Course', internal.courseSchema],
      ['Placement', internal.placementSchema],
      ['AvailableStudent', internal.availableStudentSchema],
      ['Class', internal.classSchema],
      ['Enrollment', internal.enrollmentSchema],
      ['EnrollResult', internal.enrollResultSchema],
      ['AuditEntry', internal.auditEntrySchema],
      ['Problem', internal.problemSchema],
    ];
    for (const [id, schema] of reused) expect({ id, registered: apiSchemas.get(schema)?.id }).toEqual({ id, registered: id });
  });
});
