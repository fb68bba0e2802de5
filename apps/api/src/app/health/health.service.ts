import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { QueueHealthIndicator } from './queue.health';

/** Readiness as @nestjs/terminus reports it, and whether it holds (the HTTP status to answer). */
export interface Readiness {
  ok: boolean;
  result: HealthCheckResult;
}

/**
 * Liveness and readiness (the @nestjs/terminus convention). Live: the process runs and its event loop
 * answers — no dependency is checked, so a restart is never triggered by a database or Redis outage.
 * Ready: the database answers and the queue is usable (in BullMQ mode: Redis answers). Each check has a
 * short timeout, so the answer comes within about a second whatever is down. The API's HTTP endpoints and the
 * worker's health port both use it.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  async readiness(): Promise<Readiness> {
    try {
      const result = await this.health.check([() => this.database.check(), () => this.queue.check()]);
      return { ok: true, result };
    } catch (error) {
      // terminus reports a failed check as a 503 whose body is the result
      if (error instanceof ServiceUnavailableException) {
        return { ok: false, result: error.getResponse() as HealthCheckResult };
      }
      throw error;
    }
  }
}
