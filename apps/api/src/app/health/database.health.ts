import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import { withTimeout } from '@outfall/queue';
import { DataSource } from 'typeorm';

/** How long the database may take to answer `SELECT 1` before it counts as down (the whole answer stays under a second). */
export const DATABASE_CHECK_TIMEOUT_MS = 900;

/**
 * The database answers `SELECT 1` in time (a busy or unreachable database is `down`, never a hang).
 * `mode` tells the embedded PGlite from a PostgreSQL server.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async check(key = 'database'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const mode = this.config.embedded ? 'embedded' : 'postgres';
    if (!this.dataSource.isInitialized) return indicator.down({ mode, message: 'not connected' });
    const started = Date.now();
    try {
      await withTimeout(
        this.dataSource.query('SELECT 1'),
        DATABASE_CHECK_TIMEOUT_MS,
        () => new Error(`no answer within ${DATABASE_CHECK_TIMEOUT_MS} ms`),
      );
      return indicator.up({ mode, responseMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ mode, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
