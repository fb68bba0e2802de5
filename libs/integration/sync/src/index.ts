export * from './lib/sync.module';
export * from './lib/sync.service';
export * from './lib/sync-cursor';
export * from './lib/sync.exception';
