import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Configuration } from '@mikro-orm/core';
import { isDatabaseUnavailable } from './availability';

type Dialect = ReturnType<PostgreSqlConnection['createKyselyDialect']>;
type KyselyDriver = ReturnType<Dialect['createDriver']>;

/**
 * A rollback on a connection that died must not cost the pool that connection. Kysely's transaction rollback
 * runs `ROLLBACK` and only then releases the connection; when the server is gone (restart, terminated backend)
 * the `ROLLBACK` throws, the release never happens, and the pool slot is lost for good: after `poolSize` such
 * transactions (any restart of PostgreSQL with work in flight) the service can never reach its database again.
 * Here a `ROLLBACK` that fails because the connection is unusable counts as done — the server has rolled the
 * transaction back by losing the connection — so the release follows, and pg-pool drops the broken client.
 * Any other rollback failure is still thrown.
 */
function withSafeRollback(driver: KyselyDriver): KyselyDriver {
  const rollback = driver.rollbackTransaction.bind(driver);
  driver.rollbackTransaction = async (...args: Parameters<KyselyDriver['rollbackTransaction']>) => {
    try {
      await rollback(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
    }
  };
  return driver;
}

class SafeRollbackConnection extends PostgreSqlConnection {
  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]): Dialect {
    const dialect = super.createKyselyDialect(overrides);
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = () => withSafeRollback(createDriver());
    return dialect;
  }
}

/** MikroORM's PostgreSQL driver with {@link SafeRollbackConnection} (the `driver` of databaseConfig). */
export class SafeRollbackPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    // The base class builds its connection from a constructor argument it fixes itself; this one differs only in the dialect.
    (this as unknown as { connection: PostgreSqlConnection }).connection = new SafeRollbackConnection(config);
  }
}
