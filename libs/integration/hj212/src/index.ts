export * from './lib/hj212.codec';
export * from './lib/pollutant-codes';
export * from './lib/online-monitor.entity';
export * from './lib/online-monitors.service';
export * from './lib/hj212-ingest.service';
export * from './lib/hj212.server';
export * from './lib/dto/hj212.dto';
export * from './lib/hj212.module';
