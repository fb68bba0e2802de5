export * from './lib/webhooks.module';
export * from './lib/webhook-events.service';
export * from './lib/webhook-signature';
export * from './lib/url-guard';
export * from './lib/entities/webhook-subscription.entity';
export * from './lib/entities/webhook-event.entity';
export * from './lib/entities/webhook-delivery.entity';
