export * from './lib/webhooks.module';
