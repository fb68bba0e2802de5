import { Module } from '@nestjs/common';
import { CORE_MODULES } from './app.module';

/**
 * The worker process (`worker.js`): the domain modules register their job handlers and the queue driver runs
 * the BullMQ processors. No HTTP server, no GraphQL, no seeding.
 */
@Module({ imports: CORE_MODULES })
export class WorkerModule {}
