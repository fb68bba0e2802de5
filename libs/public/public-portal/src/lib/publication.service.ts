import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, PageResult, Principal } from '@outfall/common';
import { assertVersion } from '@outfall/org';
import { AuditAction, OutfallCategory } from '@outfall/shared-types';
import { DataSource, EntityManager, In } from 'typeorm';
import { PublicCache } from './public-cache';
import {
  DEFAULT_PUBLIC_FIELDS,
  PUBLIC_FIELDS,
  PublicationConfig,
  PublicationStatus,
  PublicField,
} from './publication-config.entity';
import {
  PublicationDraftDto,
  PublicationReviewDto,
  PublicationStateDto,
  PublicationSubmitDto,
} from './publication.dto';

const OPEN = [PublicationStatus.Draft, PublicationStatus.Submitted];

/** What the public side uses when no revision has ever been approved: nothing is published. */
export const NOTHING_PUBLISHED = {
  fields: [PublicField.Code],
  categories: [] as OutfallCategory[],
  signedOnly: false,
};

export interface EffectivePublication {
  revision: number | null;
  fields: PublicField[];
  categories: OutfallCategory[];
  signedOnly: boolean;
}

/**
 * 信息公开配置: a draft (PublicationManage) is submitted, then approved or rejected by the eco branch
 * (PublicationManage + Approve). Approval makes it the effective revision (the previous one is superseded) and
 * empties the public cache. Every step is audited.
 */
@Injectable()
export class PublicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cache: PublicCache,
  ) {}

  async state(): Promise<PublicationStateDto> {
    const repo = this.dataSource.getRepository(PublicationConfig);
    const [effective, open] = await Promise.all([
      repo.findOneBy({ status: PublicationStatus.Effective }),
      repo.findOneBy({ status: In(OPEN) }),
    ]);
    return { effective, open, catalogue: PUBLIC_FIELDS };
  }

  async history(query: { limit?: number; offset?: number }): Promise<PageResult<PublicationConfig>> {
    const limit = Math.min(query.limit ?? 20, 200);
    const offset = query.offset ?? 0;
    const [items, total] = await this.dataSource
      .getRepository(PublicationConfig)
      .findAndCount({ order: { revision: 'DESC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  /** The effective configuration as the public side reads it (cached with the public responses). */
  effective(): Promise<EffectivePublication> {
    return this.cache.remember('publication:effective', async () => {
      const row = await this.dataSource
        .getRepository(PublicationConfig)
        .findOneBy({ status: PublicationStatus.Effective });
      if (!row) return { revision: null, ...NOTHING_PUBLISHED };
      return {
        revision: row.revision,
        fields: normaliseFields(row.fields),
        categories: row.categories,
        signedOnly: row.signedOnly,
      };
    });
  }

  /** Creates the open draft, or changes it (send `version`); a submitted revision cannot be edited. */
  async saveDraft(principal: Principal, dto: PublicationDraftDto): Promise<PublicationConfig> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(PublicationConfig);
      const open = await repo.findOne({ where: { status: In(OPEN) }, lock: { mode: 'pessimistic_write' } });
      const content = {
        fields: normaliseFields(dto.fields),
        categories: [...new Set(dto.categories)].sort(),
        signedOnly: dto.signedOnly,
        note: dto.note?.trim() || null,
        editedByName: principal.name,
      };
      if (open) {
        if (open.status !== PublicationStatus.Draft)
          throw conflict(
            '修订已提交审核，不能再修改 / the revision is submitted for review and cannot be edited',
          );
        if (dto.version === undefined)
          throw DomainException.invalid('version', 'a draft is open: send the version you read');
        assertVersion('Publication draft', open.version, dto.version);
        const before = { ...open };
        const saved = await repo.save(Object.assign(open, content));
        await this.record(em, AuditAction.Update, saved, before);
        return saved;
      }
      const [{ next }] = await em.query<{ next: number }[]>(
        `SELECT COALESCE(max(revision), 0) + 1 AS next FROM publication_config`,
      );
      const saved = await repo.save(
        repo.create({ ...content, revision: next, status: PublicationStatus.Draft }),
      );
      await this.record(em, AuditAction.Create, saved, null);
      return saved;
    });
  }

  submit(principal: Principal, dto: PublicationSubmitDto): Promise<PublicationConfig> {
    return this.step(PublicationStatus.Draft, dto.version, async (em, open) => {
      open.status = PublicationStatus.Submitted;
      open.submittedAt = new Date();
      open.editedByName = principal.name;
    });
  }

  /** Approval: the revision takes effect now; the previous effective revision is superseded. */
  async approve(principal: Principal, dto: PublicationReviewDto): Promise<PublicationConfig> {
    const saved = await this.step(PublicationStatus.Submitted, dto.version, async (em, open) => {
      const now = new Date();
      const previous = await em
        .getRepository(PublicationConfig)
        .findOne({ where: { status: PublicationStatus.Effective }, lock: { mode: 'pessimistic_write' } });
      if (previous) {
        const before = { ...previous };
        previous.status = PublicationStatus.Superseded;
        previous.effectiveUntil = now;
        await em.getRepository(PublicationConfig).save(previous);
        await this.record(em, AuditAction.Update, previous, before);
      }
      open.status = PublicationStatus.Effective;
      open.reviewedByName = principal.name;
      open.reviewedAt = now;
      open.reviewNote = dto.reviewNote?.trim() || null;
      open.effectiveFrom = now;
    });
    this.cache.clear();
    return saved;
  }

  reject(principal: Principal, dto: PublicationReviewDto): Promise<PublicationConfig> {
    if (!dto.reviewNote?.trim())
      throw DomainException.invalid('reviewNote', '退回须说明理由 / a rejection needs a reviewNote');
    return this.step(PublicationStatus.Submitted, dto.version, async (_em, open) => {
      open.status = PublicationStatus.Rejected;
      open.reviewedByName = principal.name;
      open.reviewedAt = new Date();
      open.reviewNote = dto.reviewNote?.trim() ?? null;
    });
  }

  private step(
    expected: PublicationStatus,
    version: number,
    change: (em: EntityManager, open: PublicationConfig) => Promise<void>,
  ): Promise<PublicationConfig> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(PublicationConfig);
      const open = await repo.findOne({ where: { status: In(OPEN) }, lock: { mode: 'pessimistic_write' } });
      if (!open) throw DomainException.notFound('Open publication revision');
      if (open.status !== expected)
        throw conflict(`the open revision is ${open.status}, this step needs ${expected}`);
      assertVersion('Publication revision', open.version, version);
      const before = { ...open };
      await change(em, open);
      const saved = await repo.save(open);
      await this.record(em, AuditAction.Update, saved, before);
      return saved;
    });
  }

  private record(
    em: EntityManager,
    action: AuditAction,
    after: PublicationConfig,
    before: PublicationConfig | null,
  ) {
    return this.audit.record(em, {
      action,
      entityType: 'publication_config',
      entityId: after.id,
      before,
      after,
    });
  }
}

/** Catalogue order, no duplicates, code always in. */
export function normaliseFields(fields: readonly string[]): PublicField[] {
  const set = new Set<string>([PublicField.Code, ...fields]);
  return PUBLIC_FIELDS.filter((f) => set.has(f));
}

function conflict(message: string): DomainException {
  return new DomainException('PUBLICATION_STATE', message, HttpStatus.CONFLICT);
}

export { DEFAULT_PUBLIC_FIELDS };
