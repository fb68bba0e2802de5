export * from './lib/source-lists.module';
