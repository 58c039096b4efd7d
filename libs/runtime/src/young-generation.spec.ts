import { relaunchCommand, SEMI_SPACE_MIB } from './young-generation';

const start = (over: { execArgv?: string[]; argv?: string[]; env?: NodeJS.ProcessEnv } = {}) => ({
  execPath: '/usr/bin/node',
  execArgv: over.execArgv ?? ['--enable-source-maps'],
  argv: over.argv ?? ['/usr/bin/node', '/app/dist/apps/identity/src/main.js', '--roles', 'api'],
  env: over.env ?? { PATH: '/bin' },
});

describe('relaunchCommand', () => {
  it('re-executes a compiled service with a bounded young generation, keeping its flags, script and arguments', () => {
    expect(relaunchCommand(start())).toEqual({
      args: ['/usr/bin/node', `--max-semi-space-size=${SEMI_SPACE_MIB}`, '--enable-source-maps', '/app/dist/apps/identity/src/main.js', '--roles', 'api'],
      env: { PATH: '/bin', ROSTER_V8_HEAP: 'applied' },
    });
  });

  it('leaves a process alone once relaunched, or when turned off', () => {
    expect(relaunchCommand(start({ env: { ROSTER_V8_HEAP: 'applied' } }))).toBeUndefined();
    expect(relaunchCommand(start({ env: { ROSTER_V8_HEAP: 'off' } }))).toBeUndefined();
  });

  it('respects a heap flag given on the command line or in NODE_OPTIONS', () => {
    expect(relaunchCommand(start({ execArgv: ['--max-old-space-size=192'] }))).toBeUndefined();
    expect(relaunchCommand(start({ execArgv: ['--max_semi_space_size=8'] }))).toBeUndefined();
    expect(relaunchCommand(start({ env: { NODE_OPTIONS: '--max-old-space-size-percentage=50' } }))).toBeUndefined();
  });

  it('never relaunches a TypeScript entry (its loader would be lost) or a forked child (its IPC channel would be)', () => {
    expect(relaunchCommand(start({ argv: ['/usr/bin/node', '/repo/tools/bench/sync.bench.ts'] }))).toBeUndefined();
    expect(relaunchCommand(start({ env: { NODE_CHANNEL_FD: '3' } }))).toBeUndefined();
    expect(relaunchCommand(start({ argv: ['/usr/bin/node'] }))).toBeUndefined();
  });
});
