export * from './lib/permits.module';
