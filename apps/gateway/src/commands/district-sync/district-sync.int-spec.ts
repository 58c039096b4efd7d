import { isDeepStrictEqual } from 'node:util';
import { API_PREFIX, successStatus, type EndpointSpec } from '../../api/endpoint';
import { problemSchema } from '../../api/schemas';
import { GatewayHarness, type DistrictData, type Person } from '../../testing/gateway-harness';
import { getDistrictSync, listSyncRunChanges } from '../../queries/district-sync/district-sync.controller';
import { getSettings, patchSettings } from '../district-settings/district-settings.controller';
import { previewSync, rejectRun, startSync } from './district-sync.controller';

/**
 * Sync preview, the held run's change list and the safeguard per role through the public API (issue 15), with
 * the REAL clever-ingestion, identity and classes (processes, PostgreSQL, Kafka) and the Clever sandbox: the
 * settings per role round-trip through the gateway, a preview names exactly the teachers Clever stopped sharing
 * and says a sync would be held for teachers, the real sync is then held for teachers and lists the same people.
 * Every answer of these routes is checked against what the route declares.
 */
type Json = Record<string, any>;

const D1 = { name: 'Cedar Falls', schools: 2, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 12, students: 40, contacts: 0, classSize: 8, coTeachEvery: 0, multiSchoolEvery: 0 };
const D2 = { name: 'Maple Run', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 1, students: 4, contacts: 0, classSize: 4, coTeachEvery: 0, multiSchoolEvery: 0 };

const ROUTES: EndpointSpec[] = [previewSync, listSyncRunChanges, getSettings, patchSettings, getDistrictSync, startSync, rejectRun];

describe('sync preview and the safeguard per role through the gateway (real services)', () => {
  let h: GatewayHarness;
  let d1: DistrictData;
  let admin: Person;
  const tokens = new Map<string, string>();
  const violations: string[] = [];
  /** Routes whose answers were checked (by operation id). */
  const checked = new Set<string>();

  const call = async (who: Person, method: string, path: string, body?: unknown) => {
    if (!tokens.has(who.accountId)) tokens.set(who.accountId, await h.tokenOf(who));
    return h.call(method, API_PREFIX + path, { token: tokens.get(who.accountId), body });
  };
  const all = async (path: string): Promise<Json[]> => {
    const out: Json[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(admin, 'GET', `${path}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
      out.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    h = await GatewayHarness.start('gw_sync_preview', [D1, D2]);
    [d1] = h.districts;
    admin = d1.people.find((p) => p.roles.includes('district_admin'))!;
    h.observe((method, url, answer) => {
      const spec = ROUTES.find((r) => r.method === method && new RegExp(`^${API_PREFIX}${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url.split('?')[0]));
      if (!spec) return;
      checked.add(spec.operationId);
      if (answer.status >= 400) {
        if (!problemSchema.safeParse(answer.body).success) violations.push(`${spec.operationId}: ${answer.status} is not a problem`);
      } else if (answer.status !== successStatus(spec)) {
        violations.push(`${spec.operationId}: ${answer.status}`);
      } else {
        const parsed = spec.response!.safeParse(answer.body);
        if (!parsed.success || !isDeepStrictEqual(parsed.data, answer.body)) violations.push(`${spec.operationId}: the answer is not what the route declares`);
      }
    });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('reads and changes the safeguard per role as district settings', async () => {
    const before = await call(admin, 'GET', `/districts/${d1.id}/settings`);
    expect(before.body).toMatchObject({ safeguardThresholdPercent: 25, safeguardThresholds: { students: 25, teachers: 25, staff: 10 }, safeguardMinimumCount: 10 });
    const changed = await call(admin, 'PATCH', `/districts/${d1.id}/settings`, { safeguardThresholds: { teachers: 20 }, safeguardMinimumCount: 2 });
    expect([changed.status, changed.body]).toEqual([200, { districtId: d1.id, safeguardThresholds: { students: 25, teachers: 20, staff: 10 }, safeguardMinimumCount: 2 }]);
    for (const bad of [{ safeguardThresholds: { teachers: 101 } }, { safeguardThresholds: { admins: 5 } }, { safeguardMinimumCount: -1 }, { safeguardMinimumCount: 1.5 }]) {
      const refused = await call(admin, 'PATCH', `/districts/${d1.id}/settings`, bad);
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const after = await call(admin, 'GET', `/districts/${d1.id}/settings`);
    expect(after.body).toMatchObject({ safeguardThresholdPercent: 25, safeguardThresholds: { students: 25, teachers: 20, staff: 10 }, safeguardMinimumCount: 2 });
  });

  it('previews, then holds for teachers, listing exactly the teachers Clever stopped sharing', async () => {
    const teachers = d1.people.filter((p) => p.roles.includes('teacher') && !p.roles.includes('school_admin'));
    expect(teachers).toHaveLength(12);
    const gone = teachers.slice(0, 3); // 25 %: over the teachers' 20 %, at least the minimum of 2
    h.unshare(d1.cleverId, ...gone);
    const expected = gone.map((t) => t.cleverId).sort();

    const preview = await call(admin, 'POST', `/districts/${d1.id}/sync/preview`);
    expect(preview.status).toBe(202);
    const done = await h.runOutcome(d1.cleverId, preview.body.runId);
    expect(done).toMatchObject({ mode: 'preview', status: 'completed', counts: { archived: 3 } });
    expect(done.holdReasons).toEqual([{ role: 'teachers', removals: 3, activeAccounts: 12, thresholdPercent: 20 }]);
    const listed = await all(`/districts/${d1.id}/sync/runs/${preview.body.runId}/changes?kind=archived`);
    expect(listed.map((c) => c.cleverId).sort()).toEqual(expected);
    expect(listed.every((c) => c.role === 'teacher' && c.recordType === 'user' && c.displayName && c.schoolName)).toBe(true);
    expect((await call(admin, 'GET', `/districts/${d1.id}/sync/runs/${preview.body.runId}/changes?kind=created`)).body).toEqual({ data: [], nextCursor: null });
    const status = (await call(admin, 'GET', `/districts/${d1.id}/sync`)).body;
    expect(status.held).toBeNull();
    expect(status.runs[0]).toMatchObject({ id: preview.body.runId, mode: 'preview' });

    const started = await call(admin, 'POST', `/districts/${d1.id}/sync`);
    const held = await h.runOutcome(d1.cleverId, started.body.runId);
    expect(held).toMatchObject({ mode: 'apply', status: 'held', heldRemovals: 3 });
    expect((await call(admin, 'GET', `/districts/${d1.id}/sync`)).body.held).toMatchObject({ runId: started.body.runId, roles: ['teachers'] });
    expect((await all(`/districts/${d1.id}/sync/runs/${started.body.runId}/changes?kind=archived`)).map((c) => c.cleverId).sort()).toEqual(expected);
    const applied = await call(admin, 'GET', `/districts/${d1.id}/sync/runs/${started.body.runId}/changes?kind=updated`);
    expect([applied.status, applied.body.code]).toEqual([409, 'INGESTION.CHANGES_NOT_RECORDED']);
    const badKind = await call(admin, 'GET', `/districts/${d1.id}/sync/runs/${started.body.runId}/changes?kind=everything`);
    expect([badKind.status, badKind.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call(admin, 'POST', `/districts/${d1.id}/sync/runs/${started.body.runId}/reject`)).status).toBe(200);
  }, 120_000);

  it('answered every call as the routes declare', () => {
    expect(violations).toEqual([]);
    expect([...checked].sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
  });
});
