export * from './lib/logging';
export * from './lib/request-timing';
export * from './lib/metrics.service';
export * from './lib/http-observability';
export * from './lib/observability.module';
