import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { containerEngineAvailable } from './docker';
import { loadEmbeddedPostgres } from './load-embedded-postgres';

export interface RunningPostgres {
  /** URL of the `postgres` database with rights to create databases. */
  adminUrl: string;
  /** How it was provided, for the log line. */
  source: 'DATABASE_URL' | 'testcontainers' | 'embedded-postgres';
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server, in order of preference: DATABASE_URL when set; a testcontainers
 * container when a Docker engine answers; else a server from the `embedded-postgres` package.
 */
export async function startPostgres(opts: { dataRoot: string; useEnv?: boolean }): Promise<RunningPostgres> {
  if (opts.useEnv !== false && process.env.DATABASE_URL) {
    return { adminUrl: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined };
  }
  if (await containerEngineAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return {
      adminUrl: container.getConnectionUri().replace(/\/[^/]*$/, '/postgres'),
      source: 'testcontainers',
      stop: async () => void (await container.stop()),
    };
  }
  return startEmbeddedPostgres(opts.dataRoot);
}

export async function startEmbeddedPostgres(dataRoot: string, port?: number): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(dataRoot, { recursive: true });
  const dir = mkdtempSync(join(dataRoot, 'pg-'));
  const pgPort = port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port: pgPort,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`,
    source: 'embedded-postgres',
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
