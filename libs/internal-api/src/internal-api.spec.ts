import { accountSchema, classSchema, districtSummarySchema, enrollResultSchema, problemSchema, syncStatusSchema } from './index';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-12-03T08:00:00.000Z';

describe('internal API contracts', () => {
  it('accept what the services answer and drop keys they do not declare', () => {
    const account = {
      id: id(1),
      cleverId: 'c1',
      districtId: id(2),
      status: 'active',
      roles: ['teacher'],
      name: { first: 'A', last: 'B' },
      schools: [{ schoolId: id(3), roles: ['teacher'], primary: true }],
      createdAt: at,
      updatedAt: at,
      internalOnly: 'x',
    };
    const parsed = accountSchema.parse(account);
    expect(parsed).not.toHaveProperty('internalOnly');
    expect(parsed.name).toEqual({ first: 'A', last: 'B' });
  });

  it('refuse a missing or mistyped field, naming its path', () => {
    const result = classSchema.safeParse({
      id: id(1),
      districtId: id(2),
      schoolId: id(3),
      name: 'Group',
      courseId: null,
      teacherIds: [],
      teachers: [],
      status: 'open',
      needsTeacher: true,
      createdAt: at,
      updatedAt: at,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['activeEnrollments', 'status']);
  });

  it('a summary names every role; enroll results carry warnings with details', () => {
    const byRole = { district_admin: { active: 1, archived: 0 }, school_admin: { active: 0, archived: 0 }, teacher: { active: 2, archived: 1 }, student: { active: 9, archived: 0 } };
    expect(districtSummarySchema.safeParse({ districtId: id(1), totals: { byRole }, schools: [{ schoolId: id(2), name: 'S', byRole }] }).success).toBe(true);
    const { teacher: _, ...partial } = byRole;
    expect(districtSummarySchema.safeParse({ districtId: id(1), totals: { byRole: partial }, schools: [] }).success).toBe(false);
    expect(
      enrollResultSchema.safeParse({
        results: [{ studentId: id(3), outcome: 'enrolled', warnings: [{ code: 'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT', detail: 'd' }] }],
        enrolled: 1,
        rejected: 0,
      }).success,
    ).toBe(true);
  });

  it('sync status: connection since may be null; runs are typed', () => {
    const status = {
      cleverDistrictId: 'd1',
      connection: { state: 'connected', since: null },
      lastSuccessfulFullSyncAt: null,
      eventsCursor: null,
      settings: { safeguardThresholdPercent: 25, safeguardThresholds: { students: 25, teachers: 25, staff: 10 }, safeguardMinimumCount: 10 },
      runs: [{ id: id(9), kind: 'full', mode: 'apply', trigger: 'initial', status: 'running', startedAt: at, counts: { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0, ignored: 0, rejected: 0 } }],
      rejected: [],
      held: null,
    };
    expect(syncStatusSchema.safeParse(status).success).toBe(true);
  });

  it('problems keep their extra fields', () => {
    expect(problemSchema.parse({ type: 'about:blank', title: 'Conflict', status: 409, code: 'INGESTION.SYNC_ALREADY_RUNNING', runId: 'r' })).toHaveProperty('runId', 'r');
  });
});
