import fc from 'fast-check';
import { DistrictGenerator } from '../generator/district-generator';
import { planDistrict } from '../generator/plan';
import { JsonObject, rolesOf } from '../generator/records';
import { objectId, objectIdPrefix } from '../ids';
import { DistrictState } from './district-state';

/** A brute-force model of a collection: every shared record, sorted by id. */
function model(state: DistrictState): JsonObject[] {
  const users = state.collections.users;
  const out: JsonObject[] = [];
  for (let i = 0; i < users.base.count; i++) {
    const id = users.base.idOf(i);
    if (!users.entry(id)) out.push(users.base.build(i));
  }
  for (const e of users.entries()) if (e.state === 'active') out.push(e.record);
  return out.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

const PREFIX = objectIdPrefix(1722470400, 1);

function freshState() {
  const plan = planDistrict({ users: 60, schools: 2 });
  return new DistrictState(new DistrictGenerator(plan, 9, 0, { prefix: PREFIX, base: 1000, seconds: 1722470400 }));
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), i: fc.nat(59), role: fc.constantFrom('student', 'teacher', 'staff') }),
  fc.record({ kind: fc.constantFrom('unshared' as const, 'deleted' as const), i: fc.nat(59) }),
  fc.record({ kind: fc.constant('create' as const), seq: fc.integer({ min: 0, max: 3000 }), role: fc.constantFrom('student', 'contact') }),
);

describe('LazyCollection paging', () => {
  it('pages like a sorted list of the shared records, for any mix of mutations, cursors, limits and role filters', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 12 }),
        fc.option(fc.constantFrom('student', 'teacher', 'staff', 'contact', 'district_admin'), { nil: undefined }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: -1, max: 4100 }),
        (ops, role, limit, cursorSeq) => {
          const state = freshState();
          const users = state.collections.users;
          for (const o of ops) {
            if (o.kind === 'create') {
              const id = objectId(PREFIX, o.seq);
              if (users.getAny(id)) continue;
              users.put({ sortId: id, record: { id, roles: { [o.role]: {} } }, state: 'active' });
            } else {
              const id = users.base.idOf(o.i);
              const current = users.get(id);
              if (!current) continue;
              const record = o.kind === 'update' ? { ...current, roles: { [o.role]: {} } } : current;
              users.put({ sortId: id, record, state: o.kind === 'update' ? 'active' : o.kind });
            }
          }
          const filter = role ? { role } : {};
          const all = model(state).filter((r) => !role || rolesOf(r).includes(role as never));
          const ids = all.map((r) => r.id as string);
          const cursor = cursorSeq < 0 ? null : objectId(PREFIX, cursorSeq);

          const after = users.after(cursor, limit, filter);
          const expectedAfter = ids.filter((id) => cursor === null || id > cursor);
          expect(after.items.map((it) => it.id)).toEqual(expectedAfter.slice(0, limit));
          expect(after.more).toBe(expectedAfter.length > limit);
          expect(after.items.map((it) => users.recordOf(it))).toEqual(all.filter((r) => expectedAfter.slice(0, limit).includes(r.id as string)));

          const before = users.before(cursor, limit, filter);
          const upTo = ids.filter((id) => cursor === null || id < cursor);
          const expectedBefore = upTo.slice(Math.max(0, upTo.length - limit));
          expect(before.items.map((it) => it.id)).toEqual(expectedBefore);
          const last = expectedBefore[expectedBefore.length - 1];
          expect(before.more).toBe(last !== undefined && ids.some((id) => id > last));

          expect(users.count(filter)).toBe(ids.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('looks records up by id whatever their sharing state', () => {
    const state = freshState();
    const users = state.collections.users;
    const id = users.base.idOf(5);
    expect(users.baseIndexOf(id)).toBe(5);
    expect(users.baseIndexOf(objectId(PREFIX, 999_999))).toBe(-1);
    const record = users.get(id)!;
    users.put({ sortId: id, record, state: 'unshared' });
    expect(users.get(id)).toBeUndefined();
    expect(users.getAny(id)).toEqual({ record, state: 'unshared' });
  });
});
