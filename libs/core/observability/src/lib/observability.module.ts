import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@outfall/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import { createRootLogger } from './logging';
import { MetricsService } from './metrics.service';

/** Where the root logger writes instead of standard output (tests provide a capture stream); null = stdout. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
/** The process's root pino logger (see `createRootLogger`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

@Global()
@Module({
  providers: [
    { provide: LOG_DESTINATION, useValue: null },
    {
      provide: ROOT_LOGGER,
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream | null): Logger =>
        createRootLogger(config, destination ?? undefined),
    },
  ],
  exports: [LOG_DESTINATION, ROOT_LOGGER],
})
export class RootLoggerModule {}

/**
 * Logs and metrics. Nest's logger becomes pino (nestjs-pino over the root logger: `app.useLogger(app.get(Logger))`
 * in the entry points); the HTTP edge adds the access log and request metrics (`httpObservability`, from
 * `configureApp`); `MetricsService` holds the Prometheus registry, served at `GET /metrics` behind METRICS_TOKEN.
 */
@Global()
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      inject: [ROOT_LOGGER],
      // Nest's log lines go to the root logger, whose mixin adds the request's id, caller and `req` from the
      // request context; no per-request middleware or child logger (the access log is `httpObservability`'s)
      useFactory: (root: Logger) => ({
        pinoHttp: { logger: root },
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
  providers: [MetricsService],
  exports: [MetricsService, RootLoggerModule],
})
export class ObservabilityModule {}
