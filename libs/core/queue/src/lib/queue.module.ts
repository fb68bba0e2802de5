import {
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileStorage, LocalFileStorage } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { join } from 'node:path';
import { BullMqQueueDriver } from './bullmq.driver';
import { InlineQueueDriver } from './inline.driver';
import { JobRecord } from './job-record.entity';
import { JobRunner } from './job-runner.service';
import { QUEUE_DRIVER, QueueDriver } from './job.types';
import { JobsController } from './jobs.controller';
import { JobsResolver } from './jobs.resolver';
import { QueueService } from './queue.service';

/**
 * The queue seam: BullMQ on Redis when REDIS_URL is set, otherwise an inline driver running the same
 * handlers in-process. Global, so any domain module can queue jobs and register handlers.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([JobRecord])],
  controllers: [JobsController],
  providers: [
    JobRunner,
    QueueService,
    JobsResolver,
    {
      provide: QUEUE_DRIVER,
      inject: [AppConfig, JobRunner],
      useFactory: (config: AppConfig, runner: JobRunner): QueueDriver =>
        config.REDIS_URL
          ? new BullMqQueueDriver(
              {
                redisUrl: config.REDIS_URL,
                prefix: config.QUEUE_PREFIX,
                runWorkers: config.QUEUE_WORKERS,
                leaseMs: config.QUEUE_LEASE_MS,
              },
              runner,
            )
          : new InlineQueueDriver(runner),
    },
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalFileStorage(join(config.DATA_DIR, 'files')),
    },
  ],
  exports: [QueueService, JobRunner, FileStorage, QUEUE_DRIVER],
})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueModule.name);

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const where =
      this.driver.name === 'inline'
        ? 'jobs run in this process'
        : this.config.QUEUE_WORKERS
          ? 'this process runs the job processors'
          : 'job processors run in worker processes (QUEUE_WORKERS=false)';
    this.logger.log(`queue driver: ${this.driver.name}; ${where}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
