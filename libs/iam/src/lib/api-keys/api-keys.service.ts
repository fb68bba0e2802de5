import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, ListQueryDto, PageResult, paginate, RequestContextStore } from '@outfall/common';
import { Division } from '@outfall/org';
import { AppConfig } from '@outfall/config';
import { API_KEY_BASE_SCOPES, ApiKeyScope, AuditAction } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { hashApiKeySecret } from '../auth/auth.service';
import { CreateApiKeyDto, CreatedApiKeyDto, RotateApiKeyDto, UpdateApiKeyDto } from '../dto/api-key.dto';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { IamErrorCode, IamException } from '../iam.exception';
import { ApiKey } from './api-key.entity';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

const MAX_ROTATION_GRACE_MS = 90 * 24 * 3600_000;

/** The stored scope list: the base first, then the added ones, each once. */
function scopeList(base: ApiKeyScope, added: readonly ApiKeyScope[] = []): ApiKeyScope[] {
  if (!API_KEY_BASE_SCOPES.includes(base)) {
    throw DomainException.invalid('scope', `scope must be one of: ${API_KEY_BASE_SCOPES.join(', ')}`);
  }
  return [...new Set([base, ...added])];
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

function randomPrefix(): string {
  return Array.from(randomBytes(8), (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly rateLimiter: ApiKeyRateLimiter,
  ) {}

  list(query: ListQueryDto): Promise<PageResult<ApiKey>> {
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('key');
    return paginate(
      qb,
      query,
      { createdAt: 'key.createdAt', name: 'key.name', lastUsedAt: 'key.lastUsedAt' },
      '-createdAt',
      'key.id',
    );
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.dataSource.getRepository(ApiKey).findOneBy({ id });
    if (!key) throw DomainException.notFound('API key', id);
    return key;
  }

  /** Creates a key; the returned `key` is the only time the secret is visible. */
  async create(input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw DomainException.invalid('expiresAt', 'expiresAt must be in the future');
    }
    const scopes = scopeList(input.scope, input.scopes);
    const prefix = randomPrefix();
    const secret = randomSecret();
    return this.dataSource.transaction(async (em) => {
      if (input.divisionId && !(await em.getRepository(Division).existsBy({ id: input.divisionId }))) {
        throw DomainException.invalid('divisionId', `division ${input.divisionId} does not exist`);
      }
      const repo = em.getRepository(ApiKey);
      const saved = await repo.save(
        repo.create({
          name: input.name,
          prefix,
          secretHash: hashApiKeySecret(secret),
          scope: input.scope,
          scopes,
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          divisionId: input.divisionId ?? null,
          expiresAt: input.expiresAt ?? null,
          createdById: RequestContextStore.get()?.principal?.id ?? null,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'api_key',
        entityId: saved.id,
        after: saved,
      });
      const apiKey = await repo.findOneByOrFail({ id: saved.id });
      return { apiKey, key: `ofk_${prefix}_${secret}` };
    });
  }

  /** Renames a key, changes its scopes or its rate limit. */
  async update(id: string, input: UpdateApiKeyDto): Promise<ApiKey> {
    const saved = await this.change(id, (key) => {
      if (input.name !== undefined) key.name = input.name;
      if (input.scope !== undefined || input.scopes !== undefined) {
        const base = input.scope ?? key.scope;
        key.scopes = scopeList(base, input.scopes ?? key.scopes.filter((scope) => scope !== key.scope));
        key.scope = base;
      }
      if (input.rateLimitPerMinute !== undefined) key.rateLimitPerMinute = input.rateLimitPerMinute;
    });
    this.rateLimiter.reset(id);
    return saved;
  }

  /**
   * Rotation with two active secrets: a new secret is made (returned once) and the current one becomes the
   * previous secret, valid until `previousValidUntil` (default API_KEY_ROTATION_GRACE_SECONDS from now) or
   * until `revokePrevious`. The key's prefix and id stay, so its subscriptions and audit trail stay too.
   */
  async rotate(id: string, input: RotateApiKeyDto): Promise<CreatedApiKeyDto> {
    const until =
      input.previousValidUntil ?? new Date(Date.now() + this.config.API_KEY_ROTATION_GRACE_SECONDS * 1000);
    if (until.getTime() > Date.now() + MAX_ROTATION_GRACE_MS) {
      throw DomainException.invalid('previousValidUntil', 'previousValidUntil may be at most 90 days ahead');
    }
    const secret = randomSecret();
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ApiKey);
      const key = await repo
        .createQueryBuilder('key')
        .addSelect('key.secretHash')
        .where('key.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!key) throw DomainException.notFound('API key', id);
      if (key.revokedAt) throw new IamException(IamErrorCode.ApiKeyAlreadyRevoked);
      const before = this.visible(key);
      const now = new Date();
      await repo.update(id, {
        previousSecretHash: key.secretHash,
        previousSecretExpiresAt: until,
        secretHash: hashApiKeySecret(secret),
        rotatedAt: now,
      });
      const apiKey = await repo.findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'api_key',
        entityId: id,
        before,
        after: apiKey,
      });
      return { apiKey, key: `ofk_${key.prefix}_${secret}` };
    });
  }

  /** Ends the previous secret of a rotation now. */
  revokePrevious(id: string): Promise<ApiKey> {
    return this.change(id, (key) => {
      if (!key.previousSecretExpiresAt || key.previousSecretExpiresAt.getTime() <= Date.now()) {
        throw new IamException(
          IamErrorCode.ApiKeyAlreadyRevoked,
          undefined,
          'The API key has no previous secret that is still valid',
        );
      }
      key.previousSecretExpiresAt = new Date();
      key.previousSecretHash = null;
    });
  }

  /** The key's fields an audit entry may show (never a secret hash). */
  private visible(key: ApiKey): Partial<ApiKey> {
    const { secretHash: _secret, previousSecretHash: _previous, ...rest } = key;
    return rest;
  }

  private async change(id: string, apply: (key: ApiKey) => void): Promise<ApiKey> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ApiKey);
      const key = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw DomainException.notFound('API key', id);
      if (key.revokedAt) throw new IamException(IamErrorCode.ApiKeyAlreadyRevoked);
      const before = { ...key };
      apply(key);
      const saved = await repo.save(key);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'api_key',
        entityId: id,
        before,
        after: this.visible(saved),
      });
      return repo.findOneByOrFail({ id });
    });
  }

  async revoke(id: string): Promise<ApiKey> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ApiKey);
      const key = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw DomainException.notFound('API key', id);
      if (key.revokedAt) throw new IamException(IamErrorCode.ApiKeyAlreadyRevoked);
      const before = { ...key };
      key.revokedAt = new Date();
      const saved = await repo.save(key);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'api_key',
        entityId: id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}
