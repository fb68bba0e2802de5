export * from './lib/enforcement.module';
