import { Global, Module, RequestMethod } from '@nestjs/common';
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
      // the access log (pino-http) runs earlier, from configureApp; nestjs-pino binds its request logger
      useFactory: (root: Logger) => ({
        pinoHttp: { logger: root },
        useExisting: true,
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
      }),
    }),
  ],
  providers: [MetricsService],
  exports: [MetricsService, RootLoggerModule],
})
export class ObservabilityModule {}
