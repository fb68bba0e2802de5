export * from './lib/public-reports.module';
