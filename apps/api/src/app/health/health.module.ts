import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthService } from './health.service';
import { QueueHealthIndicator } from './queue.health';

/** Liveness/readiness checks, for the API's `/health*` endpoints and the worker's health port. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [DatabaseHealthIndicator, QueueHealthIndicator, HealthService],
  exports: [HealthService],
})
export class HealthModule {}
