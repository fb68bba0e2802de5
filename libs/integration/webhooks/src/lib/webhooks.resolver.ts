import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Paginated, Principal } from '@outfall/common';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryDetailDto,
  WebhookDeliveryQueryDto,
  WebhookSubscriptionQueryDto,
} from './dto/webhook.dto';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { WebhooksService } from './webhooks.service';

const WebhookSubscriptionPage = Paginated(WebhookSubscription, 'WebhookSubscription');
const WebhookDeliveryPage = Paginated(WebhookDelivery, 'WebhookDelivery');

@Resolver(() => WebhookSubscription)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Query(() => WebhookSubscriptionPage, { description: 'Webhook subscriptions (a key sees its own)' })
  @Authenticated()
  webhookSubscriptions(
    @CurrentPrincipal() principal: Principal,
    @Args('query', { type: () => WebhookSubscriptionQueryDto, nullable: true })
    query?: WebhookSubscriptionQueryDto,
  ) {
    return this.webhooks.list(principal, query ?? {});
  }

  @Query(() => WebhookSubscription, {
    description: 'One webhook subscription; a key sees its own (REST GET /webhooks/subscriptions/:id)',
  })
  @Authenticated()
  webhookSubscription(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.webhooks.get(principal, id);
  }

  @Query(() => WebhookDeliveryPage, { description: "A subscription's delivery log" })
  @Authenticated()
  webhookDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Args('subscriptionId', { type: () => ID }) subscriptionId: string,
    @Args('query', { type: () => WebhookDeliveryQueryDto, nullable: true }) query?: WebhookDeliveryQueryDto,
  ) {
    return this.webhooks.deliveries(principal, subscriptionId, query ?? {});
  }

  @Query(() => WebhookDeliveryDetailDto)
  @Authenticated()
  webhookDelivery(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.webhooks.deliveryDetail(principal, id);
  }

  @Mutation(() => CreatedWebhookSubscriptionDto, {
    description: 'Subscribe; the signing secret is returned once',
  })
  @Authenticated()
  createWebhookSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateWebhookSubscriptionDto }) input: CreateWebhookSubscriptionDto,
  ) {
    return this.webhooks.create(principal, input);
  }

  @Mutation(() => WebhookSubscription)
  @Authenticated()
  updateWebhookSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateWebhookSubscriptionDto }) input: UpdateWebhookSubscriptionDto,
  ) {
    return this.webhooks.update(principal, id, input);
  }

  @Mutation(() => Boolean)
  @Authenticated()
  async deleteWebhookSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    await this.webhooks.remove(principal, id);
    return true;
  }

  @Mutation(() => WebhookDelivery, { description: "Send a delivery's event again" })
  @Authenticated()
  replayWebhookDelivery(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.webhooks.replay(principal, id);
  }
}
