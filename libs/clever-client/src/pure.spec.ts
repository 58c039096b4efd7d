import { backoffDelay, DEFAULT_RETRY, isRetriableStatus, rateLimitWaitMs } from './backoff';
import { previousAttributes, parseEventType } from './events';
import { isCursorOlderThan, objectIdTime } from './object-id';
import { listPath, nextLink, resolveUri, shouldContinue } from './paging';
import { RequestBudget } from './rate-budget';
import { eventSchema, sectionSchema, userSchema } from './types';
import { checkUser, rolesOf } from './users';

const headers = (h: Record<string, string>) => new Headers(h);

describe('backoff', () => {
  it('grows exponentially up to the ceiling, scaled by jitter', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('retries 5xx except 501, and nothing else', () => {
    expect([500, 502, 503, 504].every(isRetriableStatus)).toBe(true);
    expect([400, 401, 404, 413, 429, 501].some(isRetriableStatus)).toBe(false);
  });

  it('waits until X-RateLimit-Reset plus the margin, else Retry-After, else the fallback, capped', () => {
    const now = 1_700_000_000_000;
    const p = { maxRateLimitWaitMs: 120_000, rateLimitMarginMs: 250 };
    expect(rateLimitWaitMs(headers({ 'x-ratelimit-reset': String(now / 1000 + 30) }), now, p, 5)).toBe(30_250);
    expect(rateLimitWaitMs(headers({ 'x-ratelimit-reset': String(now / 1000 - 5) }), now, p, 5)).toBe(250);
    expect(rateLimitWaitMs(headers({ 'retry-after': '7' }), now, p, 5)).toBe(7000);
    expect(rateLimitWaitMs(headers({}), now, p, 5)).toBe(5);
    expect(rateLimitWaitMs(headers({ 'x-ratelimit-reset': String(now / 1000 + 3600) }), now, p, 5)).toBe(120_000);
    expect(DEFAULT_RETRY.maxAttempts).toBeGreaterThan(1);
  });
});

describe('paging helpers', () => {
  it('builds list paths with Clever parameter names', () => {
    expect(listPath('v3.0', 'users', { limit: 10000, role: 'student', startingAfter: 'abc' })).toBe(
      '/v3.0/users?limit=10000&role=student&starting_after=abc',
    );
    expect(listPath('v3.1', '/events', { endingBefore: 'last', limit: 1, recordTypes: ['users', 'sections'] })).toBe(
      '/v3.1/events?ending_before=last&limit=1&record_type=users&record_type=sections',
    );
    expect(listPath('v3.0', 'schools')).toBe('/v3.0/schools');
  });

  it('resolves relative next links against the base, refusing other origins', () => {
    expect(resolveUri('https://api.clever.com/', '/v3.0/users?starting_after=x')).toBe('https://api.clever.com/v3.0/users?starting_after=x');
    expect(resolveUri('http://127.0.0.1:3100/proxy', '/v3.0/users')).toBe('http://127.0.0.1:3100/proxy/v3.0/users');
    expect(resolveUri('https://api.clever.com', 'https://api.clever.com/v3.0/users')).toBe('https://api.clever.com/v3.0/users');
    expect(() => resolveUri('https://api.clever.com', 'https://evil.example/v3.0/users')).toThrow(/another origin/);
  });

  it('stops on a missing next or an empty page', () => {
    const next = [{ rel: 'self', uri: '/a' }, { rel: 'next', uri: '/b' }];
    expect(nextLink(next)).toBe('/b');
    expect(shouldContinue({ data: [1], links: next })).toBe('/b');
    expect(shouldContinue({ data: [], links: next })).toBeUndefined();
    expect(shouldContinue({ data: [1], links: [{ rel: 'self', uri: '/a' }] })).toBeUndefined();
    expect(shouldContinue({ data: [1] })).toBeUndefined();
  });
});

describe('ObjectID cursors', () => {
  const at = (iso: string) => Math.floor(Date.parse(iso) / 1000).toString(16).padStart(8, '0') + '0000000000000000';

  it('reads the creation time from the first four bytes', () => {
    expect(objectIdTime(at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(objectIdTime('not-an-id')).toBeUndefined();
  });

  it('tells whether a cursor is older than n days', () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    expect(isCursorOlderThan(at('2026-01-10T00:00:00Z'), 29, now)).toBe(false);
    expect(isCursorOlderThan(at('2026-01-02T00:00:00Z'), 29, now)).toBe(true);
    expect(isCursorOlderThan(at('2026-01-02T00:00:00Z'), 29, new Date(now))).toBe(true);
    expect(isCursorOlderThan('garbage', 29, now)).toBe(true);
  });
});

describe('events', () => {
  it('reads previous_attributes from data or from the top level', () => {
    expect(previousAttributes({ data: { object: {}, previous_attributes: { a: 1 } } })).toEqual({ a: 1 });
    expect(previousAttributes({ data: { object: {} }, previous_attributes: { b: 2 } })).toEqual({ b: 2 });
    expect(previousAttributes({ data: { object: {} } })).toBeUndefined();
  });

  it('splits event types', () => {
    expect(parseEventType('users.updated')).toEqual({ collection: 'users', action: 'updated' });
    expect(parseEventType('students.moved')).toBeUndefined();
  });

  it('parses events tolerantly', () => {
    const parsed = eventSchema.parse({ id: 'e1', type: 'users.created', data: { object: { id: 'u' } }, extra: true });
    expect((parsed as Record<string, unknown>).extra).toBe(true);
  });
});

describe('types and user checks', () => {
  const user = {
    id: '603ebb2ab452fb006c76396d',
    name: { first: 'A', last: 'B' },
    roles: { teacher: { school: 's', schools: ['s'], sis_id: '1', surprise: { nested: true } }, staff: { schools: ['s'] } },
    brand_new_field: 42,
  };

  it('keeps unknown keys and accepts missing, null and empty optional fields', () => {
    const parsed = userSchema.parse(user) as Record<string, any>;
    expect(parsed.brand_new_field).toBe(42);
    expect(parsed.roles.teacher.surprise).toEqual({ nested: true });
    expect(userSchema.safeParse({ id: 'x', email: null, name: { last: 'Full Name' }, roles: { contact: {} } }).success).toBe(true);
    expect(sectionSchema.safeParse({ id: 's', teacher: null, teachers: [], students: [], subject: '' }).success).toBe(true);
  });

  it('accepts a good user and names the roles it holds', () => {
    const check = checkUser(user);
    expect(check.ok && check.roles).toEqual(['teacher', 'staff']);
    expect(rolesOf({ roles: { student: {}, guardian: {} } as never })).toEqual(['student']);
  });

  it('rejects records without id, name or a known role, with a reason', () => {
    expect(checkUser(null)).toEqual({ ok: false, reason: 'not_an_object' });
    expect(checkUser({ name: {}, roles: { student: {} } })).toEqual({ ok: false, reason: 'missing_id' });
    expect(checkUser({ id: 'u1', roles: { student: {} } })).toEqual({ ok: false, reason: 'missing_name', id: 'u1' });
    expect(checkUser({ id: 'u2', name: {}, roles: {} })).toEqual({ ok: false, reason: 'no_known_role', id: 'u2' });
    expect(checkUser({ id: 'u3', name: {}, roles: { volunteer: {} } })).toEqual({ ok: false, reason: 'no_known_role', id: 'u3' });
    expect(checkUser({ id: 'u4', name: 'Jo', roles: { student: {} } })).toEqual({ ok: false, reason: 'invalid_shape', id: 'u4' });
  });
});

describe('RequestBudget', () => {
  it('lets N requests per token through per minute, then waits for the next window', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const budget = new RequestBudget(3, () => now, async (ms) => {
      sleeps.push(ms);
      now += ms;
    });
    for (let i = 0; i < 3; i++) await budget.acquire('t');
    expect(sleeps).toEqual([]);
    await budget.acquire('other'); // budgets are per token
    expect(sleeps).toEqual([]);
    await budget.acquire('t');
    expect(sleeps).toEqual([60_000]);
  });

  it('blocks a token until a reset it was told about', async () => {
    let now = 1000;
    const sleeps: number[] = [];
    const budget = new RequestBudget(100, () => now, async (ms) => {
      sleeps.push(ms);
      now += ms;
    });
    budget.block('t', 6000);
    await budget.acquire('t');
    expect(sleeps).toEqual([5000]);
    expect(() => new RequestBudget(0, () => 0, async () => {})).toThrow(RangeError);
  });
});
