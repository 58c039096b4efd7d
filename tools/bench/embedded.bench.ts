/**
 * npm run bench:embedded — time from `npm start` (process start, build excluded) to "first sync complete",
 * and the peak resident memory of the embedded process (VmHWM), on a fresh data directory.
 *   --users N   size of the sandbox district (default: the demo district)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from '@roster/testing';
import { argNumber, repoRoot, table, writeResult } from './infra';

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const users = argNumber('users', 0);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-embedded-'));
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, 'dist/apps/embedded/src/main.js'), '--reset'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), ROSTER_DATA_DIR: dataDir, ...(users ? { SANDBOX_USERS: String(users) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let listeningMs = 0;
  const result = await new Promise<{ syncMs: number; peak: number }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!listeningMs && out.includes('Admin UI and API')) listeningMs = Date.now() - started;
      if (/first sync complete/.test(out)) resolve({ syncMs: Date.now() - started, peak: peakRssMiB(child.pid!) });
    });
    child.once('exit', (code) => reject(new Error(`embedded exited (${code}) before the first sync:\n${out}`)));
  });
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  const record = { users: users || 'demo district', startToListeningMs: listeningMs, startToFirstSyncMs: result.syncMs, peakRssMiB: result.peak };
  process.stdout.write(
    '\n' +
      table([{ district: String(record.users), 'start → listening (ms)': listeningMs, 'start → first sync complete (ms)': result.syncMs, 'peak RSS (MiB)': result.peak }]) +
      `\nresult: ${writeResult('embedded', record)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
