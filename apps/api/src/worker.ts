import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadAppConfig } from '@outfall/config';
import { MetricsService, metricsResponse } from '@outfall/observability';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { createServer, Server } from 'node:http';
import { HealthService } from './app/health/health.service';
import { WorkerModule } from './app/worker.module';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/**
 * The worker process: runs the job processors (imports, exports, reports, snapshots) off the HTTP server's
 * event loop. BullMQ mode only, on PostgreSQL: the embedded database's folder belongs to the one API process,
 * which runs the jobs itself. With WORKER_HEALTH_PORT, answers `/health/live` and `/health/ready` there.
 */
async function bootstrap(): Promise<void> {
  const config = loadAppConfig(false, { QUEUE_WORKERS: 'true' });
  if (config.embedded) {
    throw new Error(
      'worker: the embedded database (no DATABASE_URL) lives in a data folder that only the API process may ' +
        'open, and that process runs the jobs itself. Run a separate worker only with DATABASE_URL (PostgreSQL) ' +
        'and REDIS_URL set.',
    );
  }
  if (!config.REDIS_URL) {
    throw new Error(
      'worker: REDIS_URL is not set. The worker takes its jobs from Redis (BullMQ); without Redis the API ' +
        'runs the jobs in-process and no worker is needed.',
    );
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1),
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  const logger = new Logger('Worker');
  const port = app.get(AppConfig).WORKER_HEALTH_PORT;
  if (port) {
    const server = healthServer(app.get(HealthService), (authorization) =>
      metricsResponse(app.get(AppConfig), app.get(MetricsService), authorization),
    );
    await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
    const close = () => server.close();
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
    logger.log(
      `health on http://localhost:${port}/health/live and /health/ready; metrics on /metrics (METRICS_TOKEN)`,
    );
  }
  logger.log(`worker ${process.pid} runs the job processors (BullMQ on ${new URL(config.REDIS_URL).host})`);
}

/**
 * A tiny HTTP server for the worker's liveness and readiness (no API, no auth: bind it to an internal port),
 * and its Prometheus metrics (job attempts run here) behind the METRICS_TOKEN bearer token.
 */
function healthServer(
  health: HealthService,
  metrics: (authorization: string | undefined) => ReturnType<typeof metricsResponse>,
): Server {
  return createServer((req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { status: 'error', message: 'GET only' });
    if (req.url === '/metrics') {
      metrics(req.headers.authorization).then(
        (answer) => {
          res.writeHead(answer.status, {
            'content-type': answer.contentType,
            'cache-control': 'no-store',
            ...answer.headers,
          });
          res.end(answer.body);
        },
        (error: unknown) => send(500, { status: 'error', message: String(error) }),
      );
      return;
    }
    if (req.url === '/health/live') return send(200, { status: 'ok', pid: process.pid });
    if (req.url === '/health/ready' || req.url === '/health') {
      health.readiness().then(
        ({ ok, result }) => send(ok ? 200 : 503, result),
        (error: unknown) => send(503, { status: 'error', message: String(error) }),
      );
      return;
    }
    send(404, { status: 'error', message: 'not found' });
  });
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
