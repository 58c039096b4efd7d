import { foldAccount, accountState, type Account, type AccountEvent, type AccountProfile } from './account';

const profile = (over: Partial<AccountProfile> = {}): AccountProfile => ({
  districtId: 'district-1',
  cleverDistrictId: 'cd1',
  roles: ['teacher'],
  name: { first: 'Ann', last: 'Lee' },
  schools: [{ schoolId: 'school-1', cleverSchoolId: 'cs1', roles: ['teacher'], primary: true }],
  ...over,
});
const up = (version: number, p: AccountProfile | null = profile()): AccountEvent<number> => ({ kind: 'upserted', cleverUserId: 'u1', version, profile: p, meta: version });
const removed = (version: number): AccountEvent<number> => ({ kind: 'removed', cleverUserId: 'u1', version, meta: version });
let ids = 0;
const ctx = () => ({ newId: () => `account-${++ids}`, now: '2025-01-01T00:00:00.000Z' });
const types = (r: { changes: { type: string }[] }) => r.changes.map((c) => c.type);

describe('foldAccount', () => {
  it('creates an account for a new user, version 1', () => {
    const r = foldAccount(undefined, [up(3)], ctx());
    expect(types(r)).toEqual(['created']);
    expect(r.account).toMatchObject({ status: 'active', version: 1, sourceVersion: 3, cleverUserId: 'u1' });
    expect(r.dirty).toBe(true);
  });

  it('publishes updated with the changed top-level fields only', () => {
    const created = foldAccount(undefined, [up(1)], ctx()).account!;
    const r = foldAccount(created, [up(2, profile({ email: 'a@x.org', roles: ['school_admin', 'teacher'] }))], ctx());
    expect(r.changes).toEqual([expect.objectContaining({ type: 'updated', changed: ['roles', 'email'] })]);
    expect(r.account!.version).toBe(2);
  });

  it('publishes nothing for a newer event that changes nothing visible, but records its version', () => {
    const created = foldAccount(undefined, [up(1)], ctx()).account!;
    const r = foldAccount(created, [up(5)], ctx());
    expect(r.changes).toEqual([]);
    expect(r.dirty).toBe(true);
    expect(r.account).toMatchObject({ version: 1, sourceVersion: 5 });
  });

  it('ignores events not newer than the applied version (duplicates, stale replays)', () => {
    const created = foldAccount(undefined, [up(4)], ctx()).account!;
    const r = foldAccount(created, [up(4, profile({ email: 'x@y' })), up(2, profile({ email: 'old@y' })), removed(3)], ctx());
    expect(r).toEqual({ account: created, changes: [], dirty: false });
  });

  it('archives on removal and restores the SAME account when the user comes back', () => {
    const created = foldAccount(undefined, [up(1)], ctx()).account!;
    const r = foldAccount(created, [removed(2), removed(3), up(4, profile({ grade: '5' }))], ctx());
    expect(types(r)).toEqual(['archived', 'restored']);
    expect(r.changes[0].account).toMatchObject({ status: 'archived', archivedAt: '2025-01-01T00:00:00.000Z', version: 2 });
    expect(r.account).toMatchObject({ accountId: created.accountId, status: 'active', archivedAt: null, grade: '5', version: 3, sourceVersion: 4 });
  });

  it('treats an upsert with no usable role as a removal, and never creates an account for it', () => {
    expect(foldAccount(undefined, [up(1, null)], ctx())).toEqual({ account: undefined, changes: [], dirty: false });
    const created = foldAccount(undefined, [up(1)], ctx()).account!;
    expect(types(foldAccount(created, [up(2, null)], ctx()))).toEqual(['archived']);
  });

  it('does nothing for the removal of an unknown user', () => {
    expect(foldAccount(undefined, [removed(1)], ctx())).toEqual({ account: undefined, changes: [], dirty: false });
  });

  it('gives the same result in one batch or event by event', () => {
    const events = [up(1), up(2, profile({ email: 'a@b' })), removed(3), up(4), up(5, profile({ roles: ['school_admin'] }))];
    const together = foldAccount(undefined, events, { newId: () => 'same', now: 'now' });
    let current: Account | undefined;
    const one: string[] = [];
    for (const e of events) {
      const r = foldAccount(current, [e], { newId: () => 'same', now: 'now' });
      current = r.account;
      one.push(...types(r));
    }
    expect(types(together)).toEqual(one);
    expect(together.account).toEqual(current);
  });

  it('publishes the full state without internal fields', () => {
    const account = foldAccount(undefined, [up(1, profile({ preferredName: { first: 'A' } }))], ctx()).account!;
    expect(Object.keys(accountState(account)).sort()).toEqual(
      ['accountId', 'districtId', 'cleverUserId', 'cleverDistrictId', 'status', 'roles', 'name', 'preferredName', 'schools'].sort(),
    );
  });
});
