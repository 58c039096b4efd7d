import { createSandbox, Sandbox } from '../sandbox';

describe('fault injection, rate limits and the request log', () => {
  let now = Date.UTC(2026, 0, 15, 12, 0, 0);
  let sandbox: Sandbox;
  let url: string;
  let token: string;

  beforeEach(async () => {
    sandbox = createSandbox({ seed: 'faults', now: () => now, districts: [{ users: 200 }] });
    ({ url } = await sandbox.start());
    token = sandbox.admin.districts()[0].token!;
  });
  afterEach(() => sandbox.close());

  const get = (path: string) => fetch(url + path, { headers: { authorization: `Bearer ${token}` } });

  it('sends 429 with an empty body and X-RateLimit headers', async () => {
    sandbox.admin.injectFault({ kind: 'rate_limit', resetInSeconds: 30 });
    const res = await get('/v3.0/users');
    expect(res.status).toBe(429);
    expect(await res.text()).toBe('');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1200');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBe(Math.ceil(now / 1000) + 30);
    expect((await get('/v3.0/users')).status).toBe(200);
  });

  it('enforces a real per-token budget per minute, resetting with the clock', async () => {
    sandbox.admin.configure({ rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/v3.0/schools')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get('/v3.0/schools');
    expect(Number(limited.headers.get('x-ratelimit-reset')) * 1000).toBe(Math.floor(now / 60_000) * 60_000 + 60_000);
    now += 60_000;
    const ok = await get('/v3.0/schools');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('produces a burst of N server errors, then recovers', async () => {
    sandbox.admin.injectFault({ kind: 'server_error', count: 2, status: 503, pathContains: '/users' });
    expect((await get('/v3.0/schools')).status).toBe(200);
    const first = await get('/v3.0/users');
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ message: expect.any(String) });
    expect((await get('/v3.0/users')).status).toBe(503);
    expect((await get('/v3.0/users')).status).toBe(200);
  });

  it('sends HTML error pages and truncated JSON bodies', async () => {
    sandbox.admin.injectFault({ kind: 'html' });
    const html = await get('/v3.0/users');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toMatch(/^<!DOCTYPE html>/);

    sandbox.admin.injectFault({ kind: 'truncated' });
    const cut = await get('/v3.0/users?limit=5');
    expect(cut.status).toBe(200);
    const text = await cut.text();
    expect(() => JSON.parse(text)).toThrow();
    const whole = await (await get('/v3.0/users?limit=5')).text();
    expect(whole.startsWith(text)).toBe(true);
    expect(Buffer.byteLength(text)).toBe(Math.floor(Buffer.byteLength(whole) / 2));
  });

  it('slows a response down and can drop the connection', async () => {
    sandbox.admin.injectFault({ kind: 'slow', delayMs: 150 });
    const started = Date.now();
    expect((await get('/v3.0/schools')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.admin.injectFault({ kind: 'reset' });
    await expect(get('/v3.0/schools')).rejects.toThrow();
  });

  it('only hits requests of the named district', async () => {
    const other = sandbox.admin.addDistrict({ users: 20 });
    sandbox.admin.injectFault({ kind: 'server_error', districtId: other.id });
    expect((await get('/v3.0/schools')).status).toBe(200);
    const res = await fetch(`${url}/v3.0/schools`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(res.status).toBe(500);
  });

  it('counts requests per path and status, leaving out admin calls', async () => {
    sandbox.admin.resetRequests();
    await get('/v3.0/users?limit=1');
    await get('/v3.0/users?limit=2');
    await get('/v3.0/schools');
    await fetch(`${url}/__sandbox/districts`);
    expect(sandbox.admin.requestCount('/v3.0/users')).toBe(2);
    expect(sandbox.admin.requestCount()).toBe(3);
    const stats = sandbox.admin.requests();
    expect(stats.byPath).toEqual({ 'GET /v3.0/users': 2, 'GET /v3.0/schools': 1 });
    expect(stats.byStatus).toEqual({ '200': 3 });
    expect(stats.recent.map((r) => r.query)).toEqual(['?limit=1', '?limit=2', '']);
  });

  it('rejects unknown fault kinds', () => {
    expect(() => sandbox.admin.injectFault({ kind: 'gremlins' as never })).toThrow(TypeError);
  });
});
