import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const MAX_SQL = 2000;

/** One line of SQL, cut to a readable length (parameters are never logged: they may hold personal data). */
function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SQL ? `${flat.slice(0, MAX_SQL)}…` : flat;
}

/**
 * TypeORM's log output through the application logger (JSON with the request id in production): failed
 * queries (unless switched off, as in tests) and slow queries, those over `maxQueryExecutionTime`
 * (SLOW_QUERY_MS). Everything else TypeORM would say stays silent.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  /** Told of every slow query (its time in ms): the metrics count them. */
  onSlowQuery?: (ms: number) => void;

  constructor(private readonly logFailedQueries: boolean) {}

  logQuery(): void {
    // every query: not logged
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    if (!this.logFailedQueries) return;
    const message = error instanceof Error ? error.message : error;
    this.logger.error(
      `query failed: ${message} -- ${oneLine(query)} (${parameters?.length ?? 0} parameters)`,
    );
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.onSlowQuery?.(time);
    this.logger.warn(`slow query: ${time} ms -- ${oneLine(query)} (${parameters?.length ?? 0} parameters)`);
  }

  logSchemaBuild(): void {
    // synchronize is off
  }

  logMigration(): void {
    // the migrations table records them
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
