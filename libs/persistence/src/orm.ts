import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import type { Constructor, EntitySchema } from '@mikro-orm/core';
import { SafeRollbackPostgreSqlDriver } from './safe-rollback-driver';

export type MigrationClass = Constructor<Migration>;

export interface DatabaseOptions {
  /** PostgreSQL URL of this service's own database. */
  url: string;
  /** Entity schemas of the service (`defineEntity` / `EntitySchema`). */
  entities?: EntitySchema[];
  /** The service's migrations, oldest first, as classes (explicit list: works the same from src and dist). */
  migrations: { name: string; class: MigrationClass }[];
  /** Connection pool size; services that consume in parallel need a few more. */
  poolSize?: number;
  /**
   * Longest wait for a pooled connection (a new one to an unreachable server, or a free one from a busy
   * pool), default 15 s: past it the call fails with pg-pool's timeout error, which the edge answers as
   * 503 instead of holding the request until the operating system gives up on the socket.
   */
  connectTimeoutMs?: number;
  debug?: boolean;
}

export function databaseConfig(options: DatabaseOptions): Options {
  return defineConfig({
    // A transaction whose connection died gives its pool slot back (safe-rollback-driver.ts).
    driver: SafeRollbackPostgreSqlDriver,
    clientUrl: options.url,
    entities: options.entities ?? [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    // Each request and each message works in its own fork; a stray use of the global context is a bug.
    allowGlobalContext: false,
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: { connectionTimeoutMillis: options.connectTimeoutMs ?? 15_000 },
    migrations: {
      tableName: 'schema_migrations',
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
}

/** Opens the ORM without touching the schema (production services never migrate on boot). */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  return MikroORM.init(databaseConfig(options));
}

/** Applies pending migrations; returns the names applied. */
export async function migrateDatabase(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** Creates the database named in `url` if it does not exist (embedded and local modes only). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const { Client } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
