import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const WEBHOOKS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** Webhooks for integrators: subscriptions per API key, signed deliveries with retries. */
@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOKS_ENTITIES)],
})
export class WebhooksModule {}
