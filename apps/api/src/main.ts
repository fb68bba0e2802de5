import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ControlToken, removeControlFile, writeControlFile } from '@outfall/backup';
import { PlatformExpressAdapter } from '@outfall/common';
import { AppConfig, loadAppConfig } from '@outfall/config';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { QueueService } from '@outfall/queue';
import { Hj212Server } from '@outfall/hj212';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { SeedService } from './seed/seed.service';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, new PlatformExpressAdapter(), {
    bodyParser: false,
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1),
    // boot messages wait for the JSON logger (they go to the console if the boot fails before it)
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  // an HTTP app would hold its log lines until it listens; seeding and boot checks log as they happen
  app.flushLogs();
  await configureApp(app);
  if (config.demoData && (await app.get(SeedService).isEmpty())) {
    await app.get(SeedService).run();
  }
  await app.listen(config.PORT, '0.0.0.0');
  // online monitoring stations (HJ 212-2017) push over TCP; off unless HJ212_PORT is set
  if (config.HJ212_PORT) await app.get(Hj212Server).listen(config.HJ212_PORT, config.HJ212_HOST);
  if (config.embedded && config.EMBEDDED_DB === 'file') {
    // operator commands (`cli backup`) reach this process through the control file
    const { port } = app.getHttpServer().address() as AddressInfo;
    const control = writeControlFile(config.DATA_DIR, `http://127.0.0.1:${port}`);
    app.get(ControlToken).control = control;
    process.once('exit', () => removeControlFile(config.DATA_DIR, control));
  }
  const logger = new Logger('Bootstrap');
  const url = `http://localhost:${config.PORT}`;
  logger.log(
    `river-outfall platform on ${url}/ (API ${url}/api/v1, GraphQL ${url}/graphql, OpenAPI ${url}/api/docs)`,
  );
  logger.log(
    `database: ${app.get(AppConfig).embedded ? 'embedded PGlite' : 'PostgreSQL'}; demo data: ${config.demoData}`,
  );
  const queue = await app.get(QueueService).health();
  if (queue.status === 'down') {
    logger.warn(
      `the job queue is not available yet (${queue.message ?? queue.redis}): imports, exports, reports and ` +
        'snapshots answer 503 QUEUE_UNAVAILABLE until Redis answers; everything else is served',
    );
  }
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
