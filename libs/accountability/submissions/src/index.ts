export * from './lib/submissions.module';
