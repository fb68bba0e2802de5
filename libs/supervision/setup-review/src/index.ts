export * from './lib/setup-review.module';
