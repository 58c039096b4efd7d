import { contentHash } from './content-hash';
import { normalizeUser } from './normalize';
import { planEvents, planFullSyncPage, userRemovals, withoutLostClaims, type FeedEvent } from './plan';
import type { ShadowEntry } from './shadow';

const D = 'd1';
const user = (id: string, first = 'Ana') => ({ id, name: { first, last: 'Lopez' }, roles: { student: { school: 's1', schools: ['s1'], grade: '3' } } });
const hashOf = (raw: unknown) => {
  const n = normalizeUser(raw, D);
  if (n.kind !== 'record') throw new Error('not a record');
  return contentHash(n.payload);
};
const entry = (raw: unknown, over: Partial<ShadowEntry> = {}): ShadowEntry => ({
  hash: hashOf(raw),
  version: 3,
  status: 'active',
  lastSeenRun: 'run-0',
  sourceEventId: null,
  forceRepublish: false,
  republishCount: 0,
  ...over,
});
// ObjectID-like event ids ascend with the feed.
const ev = (n: number, type: string, object: unknown): FeedEvent => ({ id: `6700000000000000000000${String(n).padStart(2, '0')}`, type, data: { object } });

describe('planFullSyncPage', () => {
  it('classifies created, unchanged, updated, restored, ignored and rejected; publishes only changes', () => {
    const shadow = new Map<string, ShadowEntry>([
      ['same', entry(user('same'))],
      ['changed', entry(user('changed'))],
      ['back', entry(user('back'), { status: 'removed' })],
      ['forced', entry(user('forced'), { forceRepublish: true, republishCount: 1 })],
      ['bad', entry(user('bad'))],
    ]);
    const plan = planFullSyncPage({
      recordType: 'user',
      records: [user('new'), user('same'), user('changed', 'Anna'), user('back'), user('forced'), { id: 'c', name: { last: 'X' }, roles: { contact: {} } }, { id: 'bad', roles: { student: {} } }, { name: {} }],
      districtId: D,
      runId: 'run-1',
      cursorAtStart: '670000000000000000000005',
      shadow,
    });
    expect(plan.counts).toEqual({ created: 1, updated: 2, unchanged: 1, archived: 0, restored: 1, ignored: 1, rejected: 2 });
    expect(plan.events.map((e) => [e.kind, e.cleverId, e.version])).toEqual([
      ['upserted', 'new', 1],
      ['upserted', 'changed', 4],
      ['upserted', 'back', 4],
      ['upserted', 'forced', 4],
    ]);
    expect(plan.events[0].envelopeId).toBe(`sync:run-1:new:${hashOf(user('new')).slice(0, 12)}`);
    expect(plan.rejections).toEqual([
      { recordType: 'user', cleverId: 'bad', reason: 'MISSING_NAME' },
      { recordType: 'user', cleverId: undefined, reason: 'MISSING_ID' },
    ]);
    // Every readable record — and the known one that is now unreadable — counts as seen in this run;
    // the contact does not (a user who became contact-only is removed at the end of the run).
    expect(plan.writes.map((w) => w.cleverId).sort()).toEqual(['back', 'bad', 'changed', 'forced', 'new', 'same']);
    expect(plan.writes.every((w) => w.entry.lastSeenRun === 'run-1')).toBe(true);
    expect(plan.writes.find((w) => w.cleverId === 'forced')!.entry).toMatchObject({ forceRepublish: false, republishCount: 1 });
    expect(plan.writes.find((w) => w.cleverId === 'same')!.entry).toMatchObject({ version: 3, sourceEventId: '670000000000000000000005' });
  });

  it('skips records already seen in the run (a resumed page) and duplicates within a page', () => {
    const shadow = new Map([['a', entry(user('a'), { lastSeenRun: 'run-1' })]]);
    const plan = planFullSyncPage({ recordType: 'user', records: [user('a'), user('b'), user('b')], districtId: D, runId: 'run-1', cursorAtStart: null, shadow });
    expect(plan.counts.created).toBe(1);
    expect(plan.counts.unchanged).toBe(0);
    expect(plan.events).toHaveLength(1);
  });
});

describe('planEvents', () => {
  it('applies created / updated / deleted in feed order with ids from the Clever events', () => {
    const plan = planEvents({
      events: [ev(1, 'users.created', user('u')), ev(2, 'users.updated', user('u', 'Anna')), ev(3, 'users.updated', user('u', 'Anna')), ev(4, 'users.deleted', user('u', 'Anna')), ev(5, 'users.created', user('u', 'Anna'))],
      districtId: D,
      shadow: new Map(),
    });
    expect(plan.events.map((e) => [e.kind, e.version, e.envelopeId])).toEqual([
      ['upserted', 1, 'clever-event:670000000000000000000001'],
      ['upserted', 2, 'clever-event:670000000000000000000002'],
      ['removed', 3, 'clever-event:670000000000000000000004'],
      ['upserted', 4, 'clever-event:670000000000000000000005'],
    ]);
    expect(plan.counts).toMatchObject({ created: 1, updated: 1, unchanged: 1, archived: 1, restored: 1 });
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0].entry).toMatchObject({ version: 4, status: 'active', sourceEventId: '670000000000000000000005' });
  });

  it('skips events not newer than what a record reflects (replays, events older than the full sync that read it)', () => {
    const shadow = new Map([['user:u', entry(user('u', 'Anna'), { sourceEventId: '670000000000000000000003' })]]);
    const plan = planEvents({ events: [ev(2, 'users.updated', user('u', 'Old')), ev(3, 'users.deleted', user('u'))], districtId: D, shadow });
    expect(plan.events).toEqual([]);
    expect(plan.counts.unchanged).toBe(2);
  });

  it('removes a user who became contact-only; ignores unknown collections and district deletions', () => {
    const shadow = new Map([['user:u', entry(user('u'))]]);
    const plan = planEvents({
      events: [ev(1, 'users.updated', { id: 'u', name: { last: 'X' }, roles: { contact: {} } }), ev(2, 'terms.created', { id: 't' }), ev(3, 'districts.deleted', { id: D }), ev(4, 'oddity', {})],
      districtId: D,
      shadow,
    });
    expect(plan.events.map((e) => [e.kind, e.cleverId, e.kind === 'removed' ? e.reason : ''])).toEqual([['removed', 'u', 'unshared']]);
    expect(userRemovals(plan)).toBe(1);
  });

  it('while a run is held, user removals wait (schools and sections still apply)', () => {
    const shadow = new Map([['user:u', entry(user('u'))], ['school:s1', { ...entry(user('u')), hash: 'h' }]]);
    const plan = planEvents({ events: [ev(1, 'users.deleted', user('u')), ev(2, 'schools.deleted', { id: 's1' })], districtId: D, shadow, holdUserRemovals: true });
    expect(plan.events.map((e) => [e.recordType, e.kind])).toEqual([['school', 'removed']]);
    expect(userRemovals(plan)).toBe(0);
  });

  it('rejects a malformed object with its reason and keeps going', () => {
    const plan = planEvents({ events: [ev(1, 'users.created', { id: 'x', roles: {} }), ev(2, 'users.created', { roles: {} }), ev(3, 'users.created', user('ok'))], districtId: D, shadow: new Map() });
    expect(plan.rejections).toEqual([
      { recordType: 'user', cleverId: 'x', reason: 'NO_USABLE_ROLE' },
      { recordType: 'user', reason: 'MISSING_ID' },
    ]);
    expect(plan.events.map((e) => e.cleverId)).toEqual(['ok']);
  });
});

describe('tenancy of Clever ids (FOREIGN_DISTRICT_RECORD)', () => {
  const owned = (raw: unknown) => entry(raw, { owner: 'd-other' });

  it('a full sync page rejects ids another district owns, with or without a district field, and writes or publishes nothing for them', () => {
    const shadow = new Map<string, ShadowEntry>([
      ['theirs', owned(user('theirs'))],
      ['theirs-tagged', owned(user('theirs-tagged'))],
      ['theirs-lying', owned(user('theirs-lying'))],
      ['mine', entry(user('mine'), { owner: D })],
    ]);
    const plan = planFullSyncPage({
      recordType: 'user',
      records: [user('theirs'), { ...user('theirs-tagged'), district: 'd-other' }, { ...user('theirs-lying', 'Eve'), district: D }, user('mine', 'Anna'), user('new')],
      districtId: D,
      runId: 'run-1',
      cursorAtStart: null,
      shadow,
    });
    expect(plan.rejections).toEqual([
      { recordType: 'user', cleverId: 'theirs', reason: 'FOREIGN_DISTRICT_RECORD' },
      { recordType: 'user', cleverId: 'theirs-tagged', reason: 'FOREIGN_DISTRICT_RECORD' },
      { recordType: 'user', cleverId: 'theirs-lying', reason: 'FOREIGN_DISTRICT_RECORD' },
    ]);
    expect(plan.writes.map((w) => w.cleverId).sort()).toEqual(['mine', 'new']);
    expect(plan.events.map((e) => e.cleverId).sort()).toEqual(['mine', 'new']);
    expect(plan.counts).toMatchObject({ created: 1, updated: 1, rejected: 3 });
  });

  it('an events page neither upserts nor deletes an id another district owns', () => {
    const shadow = new Map<string, ShadowEntry>([
      ['user:theirs', owned(user('theirs'))],
      ['user:gone', owned(user('gone'))],
    ]);
    const plan = planEvents({
      events: [ev(10, 'users.updated', user('theirs', 'Eve')), ev(11, 'users.deleted', user('gone')), ev(12, 'users.created', user('new'))],
      districtId: D,
      shadow,
    });
    expect(plan.rejections).toEqual([
      { recordType: 'user', cleverId: 'theirs', reason: 'FOREIGN_DISTRICT_RECORD' },
      { recordType: 'user', cleverId: 'gone', reason: 'FOREIGN_DISTRICT_RECORD' },
    ]);
    expect(plan.writes.map((w) => w.cleverId)).toEqual(['new']);
    expect(plan.events.map((e) => [e.kind, e.cleverId])).toEqual([['upserted', 'new']]);
  });

  it('a claim lost to another district between lookup and write is not published and is rejected instead of created', () => {
    const plan = planFullSyncPage({ recordType: 'user', records: [user('a'), user('b')], districtId: D, runId: 'run-1', cursorAtStart: null, shadow: new Map() });
    const after = withoutLostClaims(plan, new Set(['user:b']));
    expect(after.events.map((e) => e.cleverId)).toEqual(['a']);
    expect(after.writes.map((w) => w.cleverId)).toEqual(['a']);
    expect(after.rejections).toEqual([{ recordType: 'user', cleverId: 'b', reason: 'FOREIGN_DISTRICT_RECORD' }]);
    expect(after.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(after.byType.user).toMatchObject({ created: 1, rejected: 1 });
    expect(withoutLostClaims(plan, new Set())).toBe(plan);
  });
});
