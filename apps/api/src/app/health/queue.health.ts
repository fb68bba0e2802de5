import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { QueueService } from '@outfall/queue';

/**
 * The job queue: always up with the inline driver; with BullMQ, Redis answers PING within half a second.
 * Reports the driver, whether this process runs the job processors, and Redis's connection state.
 */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly queue: QueueService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'queue'): Promise<HealthIndicatorResult> {
    const { status, ...details } = await this.queue.health();
    const indicator = this.indicators.check(key);
    return status === 'up' ? indicator.up(details) : indicator.down(details);
  }
}
