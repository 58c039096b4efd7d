import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');

/** Builds dist/ once per test file, exactly as the image and `npm start` do (`npm run build`). */
export function buildOnce(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Sends a signal and resolves with the exit code (or null when killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts a process and keeps its output for assertions and failure messages. It leads its own process
 * group, so `stop` signals the whole group as Ctrl-C in a terminal does (npm and the node it runs).
 */
export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // 'close' fires once every process holding the output pipes has gone: the whole group has finished.
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return {
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM', timeoutMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const signalGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          child.kill(sig);
        }
      };
      signalGroup(signal);
      const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls a URL until it answers 2xx; fails with the process output when it does not in time. */
export async function waitForOk(url: string, proc: RunningProcess | undefined, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}) before ${url} was ready:\n${proc.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms:\n${proc?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits for a line in the process output. */
export async function waitForOutput(proc: RunningProcess, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = proc.output().match(pattern);
    if (match) return match;
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}) before printing ${pattern}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
