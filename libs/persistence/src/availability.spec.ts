import { DatabaseAvailability, isDatabaseUnavailable } from './availability';

describe('DatabaseAvailability', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('logs one line when the database becomes unreachable and one when it is back, however many failures', () => {
    const lines: [string, string][] = [];
    let now = 1_000;
    const availability = new DatabaseAvailability({
      logger: { warn: (_o, msg) => lines.push(['warn', msg]), info: (_o, msg) => lines.push(['info', msg]) },
      now: () => now,
    });
    expect(availability.reportFailure(new Error('syntax error'))).toBe(false);
    expect(availability.available).toBe(true);
    for (let i = 0; i < 10; i++) expect(availability.reportFailure(refused)).toBe(true);
    expect(availability.available).toBe(false);
    expect(availability.downSince?.getTime()).toBe(1_000);
    now = 13_500;
    availability.reportSuccess();
    availability.reportSuccess();
    expect(lines).toEqual([
      ['warn', 'database unreachable since 1970-01-01T00:00:01.000Z'],
      ['info', 'database reachable again after 12.5 s'],
    ]);
  });

  it('probes while down and notices the database is back without traffic', async () => {
    let up = false;
    const availability = new DatabaseAvailability({
      logger: { warn: () => undefined, info: () => undefined },
      probe: async () => {
        if (!up) throw refused;
      },
      probeIntervalMs: 5,
    });
    availability.reportFailure(refused);
    await new Promise((r) => setTimeout(r, 30));
    expect(availability.available).toBe(false);
    up = true;
    for (let i = 0; i < 100 && !availability.available; i++) await new Promise((r) => setTimeout(r, 10));
    expect(availability.available).toBe(true);
    availability.close();
  });

  it('never puts a connection string in the reason', () => {
    const warn = jest.fn();
    new DatabaseAvailability({ logger: { warn, info: () => undefined } }).reportFailure(
      Object.assign(new Error('connect to postgres://user:secret@db:5432/x failed'), { code: '08001' }),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
    expect(isDatabaseUnavailable({ code: '08001' })).toBe(true);
  });
});
