import { DEFAULT_RETRY } from './backoff';
import { CleverUnavailableError } from './errors';
import { RequestBudget } from './rate-budget';
import { FetchLike, RequestEvent, Transport } from './transport';

type Step = { status: number; body?: string; headers?: Record<string, string> } | 'network' | 'hang';

const START = 1_700_000_000_000;

function harness(steps: Step[], overrides: Partial<typeof DEFAULT_RETRY> = {}) {
  let now = START;
  const sleeps: number[] = [];
  const events: RequestEvent[] = [];
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push(url);
    const step = steps.shift() ?? { status: 200, body: '{}' };
    if (step === 'network') throw new TypeError('fetch failed');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    return new Response(step.body ?? null, { status: step.status, headers: step.headers });
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    now += ms;
  };
  const transport = new Transport({
    fetch,
    sleep,
    now: () => now,
    random: () => 0.5,
    timeoutMs: 30,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 100, ...overrides },
    budget: new RequestBudget(1200, () => now, sleep),
    onRequest: (e) => events.push(e),
  });
  const send = (options: Partial<Parameters<Transport['send']>[1]> = {}) =>
    transport.send('https://api.test/v3.0/users?limit=1', { headers: {}, budgetKey: 't', ...options });
  return { send, sleeps, events, calls, now: () => now };
}

describe('Transport', () => {
  it('retries 5xx with exponential backoff and jitter until a good answer', async () => {
    const h = harness([{ status: 500 }, { status: 503, body: '<html>oops</html>' }, { status: 200, body: '{"data":[]}' }]);
    const result = await h.send();
    expect(result).toMatchObject({ status: 200, ok: true, body: { data: [] } });
    expect(h.sleeps).toEqual([50, 100]);
    expect(h.events.map((e) => [e.status, e.outcome])).toEqual([[500, 'retry'], [503, 'retry'], [200, 'done']]);
    expect(h.events[0].path).toBe('/v3.0/users');
    expect(h.events[0].route).toBe('/v3.0/users');
  });

  it('gives up after maxAttempts with a typed error saying what it saw last', async () => {
    const h = harness([{ status: 502 }, { status: 502 }, { status: 502 }], { maxAttempts: 3 });
    const error = await h.send().catch((e) => e);
    expect(error).toBeInstanceOf(CleverUnavailableError);
    expect(error).toMatchObject({ code: 'CLEVER_UNAVAILABLE', attempts: 3, lastOutcome: 502 });
    expect(h.calls).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 413, 501])('returns %i at once, without retrying', async (status) => {
    const h = harness([{ status, body: '{"message":"no"}' }]);
    const result = await h.send();
    expect(result).toMatchObject({ status, ok: false, body: { message: 'no' } });
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('tolerates an HTML body on an error status', async () => {
    const h = harness([{ status: 401, body: '<html>wrong token type</html>' }]);
    expect(await h.send()).toMatchObject({ status: 401, body: undefined });
  });

  it('retries truncated, HTML and wrongly shaped 2xx bodies', async () => {
    const h = harness([
      { status: 200, body: '{"data":[{"da' },
      { status: 200, body: '<html>maintenance</html>' },
      { status: 200, body: '{"nope":1}' },
      { status: 200, body: '{"data":[]}' },
    ]);
    const result = await h.send({ validate: (b) => Array.isArray((b as { data?: unknown }).data) });
    expect(result.body).toEqual({ data: [] });
    expect(h.events.filter((e) => e.badBody)).toHaveLength(3);
  });

  it('retries network errors and timeouts', async () => {
    const h = harness(['network', 'hang', { status: 200, body: '{}' }]);
    expect((await h.send()).status).toBe(200);
    expect(h.events.map((e) => e.status)).toEqual(['network_error', 'timeout', 200]);
  });

  it('waits out a 429 until X-RateLimit-Reset without using up attempts', async () => {
    const reset = String(START / 1000 + 20);
    const h = harness(
      [
        { status: 429, headers: { 'x-ratelimit-reset': reset } },
        { status: 429, headers: { 'x-ratelimit-reset': reset } },
        { status: 500 },
        { status: 200, body: '{}' },
      ],
      { maxAttempts: 2 },
    );
    expect((await h.send()).status).toBe(200);
    // until the reset (+250 ms margin); the second 429 came after it, so only the margin; then a backoff
    expect(h.sleeps).toEqual([20_250, 250, 50]);
    expect(h.events.map((e) => e.outcome)).toEqual(['wait_rate_limit', 'wait_rate_limit', 'retry', 'done']);
  });

  it('gives up after too many 429s in a row', async () => {
    const h = harness(Array.from({ length: 5 }, () => ({ status: 429 })), { maxRateLimitWaits: 3 });
    await expect(h.send()).rejects.toMatchObject({ code: 'CLEVER_UNAVAILABLE', lastOutcome: 429 });
    expect(h.calls).toHaveLength(4);
  });

  it('makes one attempt only when told not to retry', async () => {
    const h = harness([{ status: 503 }]);
    await expect(h.send({ retry: false })).rejects.toBeInstanceOf(CleverUnavailableError);
    expect(h.calls).toHaveLength(1);
  });
});
