import type { ApiComponents, ApiOperations } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';

type Schemas = ApiComponents['schemas'];
/** The key the subscription belongs to is not sent with it. */
export type WebhookSubscription = Omit<Schemas['WebhookSubscription'], 'apiKey'>;
export type CreatedWebhookSubscription = Schemas['CreatedWebhookSubscriptionDto'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryDetail = Schemas['WebhookDeliveryDetailDto'];
export type CreateWebhookSubscriptionInput = Schemas['CreateWebhookSubscriptionDto'];
export type UpdateWebhookSubscriptionInput = Schemas['UpdateWebhookSubscriptionDto'];
type SubscriptionQuery = NonNullable<ApiOperations['WebhooksController_list']['parameters']['query']>;
type DeliveryQuery = NonNullable<ApiOperations['WebhooksController_deliveries']['parameters']['query']>;

export const listSubscriptions = (query: SubscriptionQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/webhooks/subscriptions', { params: { query }, signal }));

export const createSubscription = (body: CreateWebhookSubscriptionInput) =>
  dataOf(api.POST('/api/v1/webhooks/subscriptions', { body }));

export const updateSubscription = (id: string, body: UpdateWebhookSubscriptionInput) =>
  dataOf(api.PATCH('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } }, body }));

export const deleteSubscription = (id: string) =>
  dataOf(api.DELETE('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } } }));

export const listDeliveries = (id: string, query: DeliveryQuery, signal?: AbortSignal) =>
  dataOf(
    api.GET('/api/v1/webhooks/subscriptions/{id}/deliveries', { params: { path: { id }, query }, signal }),
  );

export const getDelivery = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id } }, signal }));

export const replayDelivery = (id: string) =>
  dataOf(api.POST('/api/v1/webhooks/deliveries/{id}/replay', { params: { path: { id } } }));
