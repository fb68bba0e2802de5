export * from './lib/public-portal.module';
