import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { CommonErrorCode, DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { ApiKey } from '@outfall/iam';
import { AuditAction, Permission, WebhookDeliveryStatus } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryDetailDto,
  WebhookDeliveryQueryDto,
  WebhookSubscriptionQueryDto,
} from './dto/webhook.dto';
import { WebhookDelivery, WebhookDeliveryAttempt } from './entities/webhook-delivery.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { assertPublicTarget, webhookUrlProblem } from './url-guard';
import { WebhookDispatcher } from './webhook-dispatcher.service';

/**
 * Subscriptions and their delivery log. An API key manages its own subscriptions; a user needs
 * `api-key:manage` and names the key. Anyone else gets 403, and another key's subscription is 404.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** The key whose subscriptions the caller may see: its own for a key, null (all) for an administrator. */
  private ownerKeyOf(principal: Principal): string | null {
    if (principal.kind === 'api_key') return principal.id;
    if (!principal.permissions.includes(Permission.ApiKeyManage)) {
      throw DomainException.forbidden(
        'Managing webhooks needs api-key:manage, or an API key acting for itself',
      );
    }
    return null;
  }

  list(principal: Principal, query: WebhookSubscriptionQueryDto): Promise<PageResult<WebhookSubscription>> {
    const owner = this.ownerKeyOf(principal);
    const qb = this.dataSource.getRepository(WebhookSubscription).createQueryBuilder('sub');
    if (owner) qb.andWhere('sub.apiKeyId = :owner', { owner });
    if (query.apiKeyId) qb.andWhere('sub.apiKeyId = :key', { key: query.apiKeyId });
    return paginate(
      qb,
      query,
      { createdAt: 'sub.createdAt', url: 'sub.url', updatedAt: 'sub.updatedAt' },
      '-createdAt',
      'sub.id',
    );
  }

  async get(principal: Principal, id: string, em?: EntityManager): Promise<WebhookSubscription> {
    const owner = this.ownerKeyOf(principal);
    const sub = await (em ?? this.dataSource.manager).getRepository(WebhookSubscription).findOneBy({ id });
    if (!sub || (owner && sub.apiKeyId !== owner)) throw DomainException.notFound('Webhook subscription', id);
    return sub;
  }

  private async checkUrl(url: string): Promise<void> {
    const problem = webhookUrlProblem(url);
    if (problem) throw DomainException.invalid('url', problem);
    try {
      await assertPublicTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    } catch (error) {
      throw DomainException.invalid('url', error instanceof Error ? error.message : String(error));
    }
  }

  async create(
    principal: Principal,
    input: CreateWebhookSubscriptionDto,
  ): Promise<CreatedWebhookSubscriptionDto> {
    const owner = this.ownerKeyOf(principal);
    const apiKeyId = owner ?? input.apiKeyId;
    if (!apiKeyId) throw DomainException.invalid('apiKeyId', 'apiKeyId is required');
    if (owner && input.apiKeyId && input.apiKeyId !== owner) {
      throw DomainException.invalid('apiKeyId', 'an API key can only subscribe for itself');
    }
    await this.checkUrl(input.url);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (em) => {
      const key = await em.getRepository(ApiKey).findOneBy({ id: apiKeyId });
      if (!key) throw DomainException.invalid('apiKeyId', `API key ${apiKeyId} does not exist`);
      if (key.revokedAt) throw DomainException.invalid('apiKeyId', 'the API key is revoked');
      const repo = em.getRepository(WebhookSubscription);
      const saved = await repo.save(
        repo.create({
          apiKeyId,
          url: input.url,
          events: [...new Set(input.events)],
          description: input.description ?? null,
          secret,
          createdById: principal.kind === 'user' ? principal.id : null,
        }),
      );
      const subscription = await repo.findOneByOrFail({ id: saved.id });
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'webhook_subscription',
        entityId: saved.id,
        after: subscription,
      });
      return { subscription, secret };
    });
  }

  async update(
    principal: Principal,
    id: string,
    input: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscription> {
    if (input.url !== undefined) await this.checkUrl(input.url);
    let enabled = false;
    const saved = await this.dataSource.transaction(async (em) => {
      await this.get(principal, id, em);
      const repo = em.getRepository(WebhookSubscription);
      const sub = await repo.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const before = { ...sub };
      if (input.url !== undefined) sub.url = input.url;
      if (input.events !== undefined) sub.events = [...new Set(input.events)];
      if (input.description !== undefined) sub.description = input.description;
      if (input.active !== undefined && input.active !== sub.active) {
        sub.active = input.active;
        if (input.active) {
          enabled = true;
          sub.consecutiveFailures = 0;
          sub.disabledAt = null;
          sub.disabledReason = null;
        }
      }
      await repo.save(sub);
      const after = await repo.findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'webhook_subscription',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    if (enabled) await this.dispatcher.sweep(id).catch(() => undefined);
    return saved;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const sub = await this.get(principal, id, em);
      await em.getRepository(WebhookSubscription).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'webhook_subscription',
        entityId: id,
        before: sub,
      });
    });
  }

  async deliveries(
    principal: Principal,
    subscriptionId: string,
    query: WebhookDeliveryQueryDto,
  ): Promise<PageResult<WebhookDelivery>> {
    await this.get(principal, subscriptionId);
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.subscriptionId = :subscriptionId', { subscriptionId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.recordId) qb.andWhere('d.recordId = :recordId', { recordId: query.recordId });
    return paginate(
      qb,
      query,
      { createdAt: 'd.createdAt', seq: 'd.seq', status: 'd.status', lastAttemptAt: 'd.lastAttemptAt' },
      '-seq',
      'd.id',
    );
  }

  private async delivery(principal: Principal, id: string): Promise<WebhookDelivery> {
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOneBy({ id });
    if (!delivery) throw DomainException.notFound('Webhook delivery', id);
    try {
      await this.get(principal, delivery.subscriptionId);
    } catch (error) {
      if (error instanceof DomainException && error.status === HttpStatus.NOT_FOUND) {
        throw DomainException.notFound('Webhook delivery', id);
      }
      throw error;
    }
    return delivery;
  }

  async deliveryDetail(principal: Principal, id: string): Promise<WebhookDeliveryDetailDto> {
    const delivery = await this.delivery(principal, id);
    const attempts = await this.dataSource
      .getRepository(WebhookDeliveryAttempt)
      .find({ where: { deliveryId: id }, order: { attempt: 'ASC' } });
    return { delivery, attempts };
  }

  /** Sends the delivery's event again as a new delivery (after any still pending for the same record). */
  async replay(principal: Principal, id: string): Promise<WebhookDelivery> {
    const original = await this.delivery(principal, id);
    const created = await this.dataSource.transaction(async (em) => {
      const sub = await em
        .getRepository(WebhookSubscription)
        .findOneByOrFail({ id: original.subscriptionId });
      if (!sub.active) {
        throw new DomainException(
          CommonErrorCode.Conflict,
          'The subscription is disabled: enable it first (its pending deliveries are then sent)',
          HttpStatus.CONFLICT,
        );
      }
      const repo = em.getRepository(WebhookDelivery);
      const saved = await repo.save(
        repo.create({
          subscriptionId: original.subscriptionId,
          eventId: original.eventId,
          eventType: original.eventType,
          recordId: original.recordId,
          status: WebhookDeliveryStatus.Pending,
          replayOfId: original.id,
        }),
      );
      const delivery = await repo.findOneByOrFail({ id: saved.id });
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'webhook_delivery',
        entityId: saved.id,
        after: delivery,
      });
      return delivery;
    });
    await this.dispatcher.sweep(original.subscriptionId).catch(() => undefined);
    return created;
  }
}
