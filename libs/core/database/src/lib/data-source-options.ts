import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { DatabaseLogger } from './database-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceInputs {
  url: string;
  embedded: boolean;
  poolSize: number;
  /** PostgreSQL statement_timeout in ms for every pooled connection (0 or unset: none; ignored embedded). */
  statementTimeoutMs?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  migrationsRun: boolean;
  /** Log failed queries (with their SQL) to the server log; off in tests, where failures are expected. */
  logFailedQueries: boolean;
  /** How long to wait for a pooled connection (and to connect) before failing: a 503 DATABASE_BUSY. */
  acquireTimeoutMs?: number;
  /** Log queries that take longer than this (ms) as slow (SLOW_QUERY_MS); 0 or unset: off. */
  slowQueryMs?: number;
}

/** The same options for the app, the migration CLI and the tests. */
export function buildDataSourceOptions(inputs: DataSourceInputs): DataSourceOptions {
  return {
    type: 'postgres',
    url: inputs.url,
    entities: inputs.entities,
    migrations: inputs.migrations,
    migrationsRun: inputs.migrationsRun,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // uuid defaults are gen_random_uuid() (core since PostgreSQL 13); extensions are created by migrations
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: inputs.logFailedQueries ? ['error'] : false,
    logger: new DatabaseLogger(inputs.logFailedQueries),
    // TypeORM reports a query as slow (DatabaseLogger.logQuerySlow) when it took longer than this
    maxQueryExecutionTime: inputs.slowQueryMs || undefined,
    // PGlite is one session: one pooled connection, and a timeout so a request that waits too long behind
    // other work (or a stray query outside a running transaction) fails as 503 DATABASE_BUSY instead of
    // waiting forever.
    connectTimeoutMS: inputs.acquireTimeoutMs ?? 30_000,
    extra: inputs.embedded
      ? { max: 1, idleTimeoutMillis: 0 }
      : {
          max: inputs.poolSize,
          // a runaway statement is cancelled (57014 → 503 OPERATION_TIMEOUT) instead of holding a connection
          ...(inputs.statementTimeoutMs ? { statement_timeout: inputs.statementTimeoutMs } : {}),
        },
  };
}

/** Integration tests refuse to run against a database whose name lacks `test`. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
}
