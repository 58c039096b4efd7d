import { openDatabase, migrateDatabase, type DatabaseOptions } from './orm';

/**
 * Entry point of a service's `migrate.js`: applies its migrations to DATABASE_URL and exits.
 * Run as a Helm pre-install/pre-upgrade Job, never on boot in production.
 */
export async function runMigrateCommand(service: string, options: Omit<DatabaseOptions, 'url'>): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`${service} migrate: DATABASE_URL is not set\n`);
    process.exit(2);
  }
  const orm = await openDatabase({ ...options, url });
  try {
    const applied = await migrateDatabase(orm);
    process.stdout.write(
      JSON.stringify({ service, msg: 'migrations applied', applied, count: applied.length }) + '\n',
    );
  } finally {
    await orm.close(true);
  }
}
