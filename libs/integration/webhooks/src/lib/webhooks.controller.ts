import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Principal } from '@outfall/common';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryDetailDto,
  WebhookDeliveryPage,
  WebhookDeliveryQueryDto,
  WebhookSubscriptionPage,
  WebhookSubscriptionQueryDto,
} from './dto/webhook.dto';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { WebhooksService } from './webhooks.service';

/**
 * Webhook subscriptions and their delivery log (see docs/webhooks.md). An API key manages its own; a user with
 * `api-key:manage` manages every key's (and names the key when subscribing).
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Webhook subscriptions, one page. */
  @Get('subscriptions')
  @Authenticated()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: WebhookSubscriptionQueryDto,
  ): Promise<WebhookSubscriptionPage> {
    return this.webhooks.list(principal, query);
  }

  /** The response carries the signing secret once. */
  @Post('subscriptions')
  @Authenticated()
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateWebhookSubscriptionDto,
  ): Promise<CreatedWebhookSubscriptionDto> {
    return this.webhooks.create(principal, input);
  }

  /** One webhook subscription. */
  @Get('subscriptions/:id')
  @Authenticated()
  @ApiOkResponse({ type: WebhookSubscription })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookSubscription> {
    return this.webhooks.get(principal, id);
  }

  /** Updates a webhook subscription. */
  @Patch('subscriptions/:id')
  @Authenticated()
  @ApiOkResponse({ type: WebhookSubscription })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscription> {
    return this.webhooks.update(principal, id, input);
  }

  /** Deletes a webhook subscription. */
  @Delete('subscriptions/:id')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.webhooks.remove(principal, id);
  }

  /** The delivery log: newest first; filter by status or record. */
  @Get('subscriptions/:id/deliveries')
  @Authenticated()
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: WebhookDeliveryQueryDto,
  ): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(principal, id, query);
  }

  /** One delivery with every attempt (status code, error, duration, start of the response). */
  @Get('deliveries/:id')
  @Authenticated()
  @ApiOkResponse({ type: WebhookDeliveryDetailDto })
  delivery(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookDeliveryDetailDto> {
    return this.webhooks.deliveryDetail(principal, id);
  }

  /** Sends the delivery's event again, as a new delivery. */
  @Post('deliveries/:id/replay')
  @Authenticated()
  @ApiCreatedResponse({ type: WebhookDelivery })
  replay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookDelivery> {
    return this.webhooks.replay(principal, id);
  }
}
