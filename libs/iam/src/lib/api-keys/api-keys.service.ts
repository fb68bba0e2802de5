import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, ListQueryDto, PageResult, paginate, RequestContextStore } from '@outfall/common';
import { Division } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { hashApiKeySecret } from '../auth/auth.service';
import { CreateApiKeyDto, CreatedApiKeyDto } from '../dto/api-key.dto';
import { IamErrorCode, IamException } from '../iam.exception';
import { ApiKey } from './api-key.entity';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomPrefix(): string {
  return Array.from(randomBytes(8), (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
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

  /** Creates a key; the returned `key` is the only time the secret is visible. */
  async create(input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw DomainException.invalid('expiresAt', 'expiresAt must be in the future');
    }
    const prefix = randomPrefix();
    const secret = randomBytes(32).toString('base64url');
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
