export * from './lib/signage.module';
