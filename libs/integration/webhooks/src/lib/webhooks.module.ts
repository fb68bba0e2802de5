import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDelivery, WebhookDeliveryAttempt } from './entities/webhook-delivery.entity';
import { WebhookEvent } from './entities/webhook-event.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookEvents } from './webhook-events.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const WEBHOOKS_ENTITIES: (new (...args: never[]) => object)[] = [
  WebhookSubscription,
  WebhookEvent,
  WebhookDelivery,
  WebhookDeliveryAttempt,
];

/**
 * Webhooks for integrators: subscriptions per API key, signed deliveries with retries. Global, so every
 * domain can inject `WebhookEvents` to publish without importing this module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOKS_ENTITIES)],
  controllers: [WebhooksController],
  providers: [WebhookEvents, WebhookDispatcher, WebhooksService, WebhooksResolver],
  exports: [WebhookEvents],
})
export class WebhooksModule {}
