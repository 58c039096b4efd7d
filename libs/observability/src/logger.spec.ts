import { createLogger, resolveLogLevel, type Logger } from './logger';
import { runWithCorrelation } from './correlation';

function capture(level = 'trace'): { log: Logger; lines: () => Record<string, any>[]; text: () => string } {
  const out: string[] = [];
  const log = createLogger('identity', { level, destination: { write: (s: string) => void out.push(s) } });
  return { log, lines: () => out.map((l) => JSON.parse(l)), text: () => out.join('') };
}

const names = ['Maria', 'Elena', 'Gonzalez', 'Jaylen', 'Marcus', 'Brooks', 'Jay', 'Mimi', 'Pat', 'Quinn', 'Lincoln Elementary'];
const emails = ['mgonzalez@maplegrove.k12.ca.us', 'jbrooks118204@students.maplegrove.k12.ca.us', 'parent@example.com'];

describe('createLogger', () => {
  it('writes JSON lines with the service, level name, ISO time and message', () => {
    const { log, lines } = capture();
    log.info({ accountId: 'd3b7a1f4' }, 'account created');
    expect(lines()).toEqual([
      expect.objectContaining({ service: 'identity', level: 'info', msg: 'account created', accountId: 'd3b7a1f4' }),
    ]);
    expect(lines()[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('adds the current correlation id, and none outside a context', () => {
    const { log, lines } = capture();
    runWithCorrelation('corr-42', () => log.info('inside'));
    log.info('outside');
    expect(lines()[0].correlationId).toBe('corr-42');
    expect(lines()[1]).not.toHaveProperty('correlationId');
  });

  it('prints no name or email, at any depth, in arrays, errors and child bindings', () => {
    const { log, text, lines } = capture();
    const user = {
      accountId: 'd3b7a1f4-6c2e-4b9d-8a5f-1e7c3d9b2a60',
      name: { first: 'Jaylen', middle: 'Marcus', last: 'Brooks' },
      preferredName: { first: 'Jay' },
      email: 'jbrooks118204@students.maplegrove.k12.ca.us',
      dob: '3/14/2016',
    };
    log.info({ user }, 'top level');
    log.info({ envelope: { data: user } }, 'two deep');
    log.info({ batch: { page: { items: [user, { ...user, name: 'Maria Elena Gonzalez' }] } } }, 'in arrays');
    log.info({ a: { b: { c: { d: { e: { f: { g: { email: 'mgonzalez@maplegrove.k12.ca.us', given_name: 'Maria', family_name: 'Gonzalez' } } } } } } } });
    log.info({ school: { id: 's1', name: 'Lincoln Elementary' }, first: 'Pat', last: 'Quinn', middle: 'Mimi' });
    const err = Object.assign(new Error('duplicate key for parent@example.com'), { row: { email: 'parent@example.com', name: 'Pat' } });
    log.error({ err }, 'insert failed');
    log.error(err);
    log.child({ who: { email: 'mgonzalez@maplegrove.k12.ca.us', name: 'Maria' } }).child({ by: { name: 'Maria' } }).warn('child');
    log.info('interpolated %s', 'mgonzalez@maplegrove.k12.ca.us');
    const rebound = log.child({ job: 'sync' });
    rebound.setBindings({ owner: { name: 'Maria', email: 'mgonzalez@maplegrove.k12.ca.us' } });
    rebound.info('rebound');
    class Entity {
      constructor(readonly id: string, readonly email: string, readonly name: { first: string }) {}
    }
    log.info({ entity: new Entity('e1', 'mgonzalez@maplegrove.k12.ca.us', { first: 'Maria' }) });

    const out = text();
    for (const n of names) expect(out).not.toContain(n);
    for (const e of emails) expect(out).not.toContain(e);
    expect(out).not.toContain('3/14/2016');
    // ids and the shape stay readable
    const [first, , third, , , errLine] = lines();
    expect(first.user).toEqual({ accountId: user.accountId, name: '[redacted]', preferredName: '[redacted]', email: '[redacted]', dob: '[redacted]' });
    expect(third.batch.page.items[1].name).toBe('[redacted]');
    expect(errLine.err).toEqual(expect.objectContaining({ type: 'Error', message: 'duplicate key for [email]', row: { email: '[redacted]', name: '[redacted]' } }));
    expect(errLine.err.stack).toContain('logger.spec.ts');
    expect(lines()[6].msg).toBe('duplicate key for [email]');
    expect(lines()[8].msg).toBe('interpolated [email]');
    expect(lines()[9].owner).toEqual({ name: '[redacted]', email: '[redacted]' });
    expect(lines()[10].entity).toEqual({ id: 'e1', email: '[redacted]', name: '[redacted]' });
  });

  it('does not mutate the logged object', () => {
    const { log } = capture();
    const obj = { user: { email: 'a@b.org', list: [{ name: 'N' }] } };
    log.info(obj);
    expect(obj).toEqual({ user: { email: 'a@b.org', list: [{ name: 'N' }] } });
  });

  it('survives cycles', () => {
    const { log, lines } = capture();
    const a: Record<string, unknown> = { id: 1, name: 'Maria' };
    a.self = a;
    log.info({ a });
    expect(lines()[0].a).toEqual({ id: 1, name: '[redacted]', self: '[Circular]' });
  });

  it('honours the level, including silent', () => {
    const quiet = capture('warn');
    quiet.log.info('no');
    quiet.log.warn('yes');
    expect(quiet.lines().map((l) => l.msg)).toEqual(['yes']);
    const silent = capture('silent');
    silent.log.fatal('nothing');
    expect(silent.lines()).toEqual([]);
  });
});

describe('resolveLogLevel', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });

  it('uses the option, else LOG_LEVEL, else info', () => {
    delete process.env.LOG_LEVEL;
    expect(resolveLogLevel()).toBe('info');
    process.env.LOG_LEVEL = 'DEBUG';
    expect(resolveLogLevel()).toBe('debug');
    expect(createLogger('x').level).toBe('debug');
    expect(createLogger('x', { level: 'silent' }).level).toBe('silent');
  });

  it('fails fast on an unknown level', () => {
    expect(() => resolveLogLevel('verbose')).toThrow(/LOG_LEVEL must be one of/);
  });
});
