export {
  databaseConfig,
  openDatabase,
  migrateDatabase,
  ensureDatabaseExists,
  type DatabaseOptions,
  type MigrationClass,
} from './orm';
export {
  DatabaseAvailability,
  isDatabaseUnavailable,
  DATABASE_RETRY_AFTER_SECONDS,
  type DatabaseAvailabilityOptions,
  type AvailabilityLogger,
} from './availability';
export { runMigrateCommand } from './migrate-command';
export { sql, selectRows, selectRow, executeStatement, jsonDocument, likeContains, allOf, type SqlFragment } from './sql';
export { Migration } from '@mikro-orm/migrations';
export type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
export { runPurge, messageIdNamesAny, lastErrorNamesAny, isForeignKeyViolation, type PurgeStep, type KeyColumns, type TableCount } from './purge-engine';
