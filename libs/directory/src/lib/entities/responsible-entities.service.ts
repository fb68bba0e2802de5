import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  DomainException,
  FieldError,
  inJurisdiction,
  likePattern,
  PageResult,
  paginate,
  Principal,
  normalizeCode,
} from '@outfall/common';
import { assertVersion, Division, Unit } from '@outfall/org';
import { AuditAction, EntityKind, UnitKind } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { DirectoryErrorCode, DirectoryException } from '../directory.exception';
import { CreateEntityDto, EntityLinkDto, EntityQueryDto, UpdateEntityDto } from '../dto/entity.dto';
import { creditCodeProblem } from './credit-code.util';
import { OutfallEntityLink } from './outfall-entity-link.entity';
import { ResponsibleEntity } from './responsible-entity.entity';

export interface EntityWithFlags extends ResponsibleEntity {
  outfallCount: number;
  /** An enterprise outside an industrial park with more than one outfall (the plan allows one in principle). */
  multipleOutfallsOutsidePark: boolean;
}

/** Active outfalls per entity, from the links. */
const OUTFALL_COUNT = `(SELECT count(*) FROM outfall_entity l JOIN outfall o ON o.id = l.outfall_id AND o.status = 'active' WHERE l.entity_id = entity.id)`;

@Injectable()
export class ResponsibleEntitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private visible(
    principal: Principal,
    em: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<ResponsibleEntity> {
    const qb = em
      .getRepository(ResponsibleEntity)
      .createQueryBuilder('entity')
      .innerJoin('entity.division', 'division');
    if (!principal.jurisdiction.cityWide) {
      qb.andWhere('(division.path = :jpath OR division.path LIKE :jprefix)', {
        jpath: principal.jurisdiction.divisionPath ?? '-',
        jprefix: `${principal.jurisdiction.divisionPath ?? '-'}/%`,
      });
    }
    return qb;
  }

  async list(principal: Principal, query: EntityQueryDto): Promise<PageResult<EntityWithFlags>> {
    const qb = this.visible(principal).addSelect(`${OUTFALL_COUNT}`, 'outfall_count');
    if (query.kind) qb.andWhere('entity.kind = :kind', { kind: query.kind });
    if (query.divisionId) qb.andWhere('entity.divisionId = :divisionId', { divisionId: query.divisionId });
    if (query.q)
      qb.andWhere('(entity.name ILIKE :q OR entity.creditCode ILIKE :q)', { q: likePattern(query.q) });
    if (query.multipleOutfalls !== undefined) {
      qb.andWhere(
        `(entity.kind = 'enterprise' AND NOT entity.inIndustrialPark AND ${OUTFALL_COUNT} > 1) = :multiple`,
        {
          multiple: query.multipleOutfalls,
        },
      );
    }
    const page = await paginate(
      qb,
      query,
      { name: 'entity.name', kind: 'entity.kind', createdAt: 'entity.createdAt' },
      'name',
      'entity.id',
    );
    const counts = await this.outfallCounts(page.items.map((item) => item.id));
    return { ...page, items: page.items.map((item) => this.withFlags(item, counts.get(item.id) ?? 0)) };
  }

  private withFlags(entity: ResponsibleEntity, outfallCount: number): EntityWithFlags {
    return Object.assign(entity, {
      outfallCount,
      multipleOutfallsOutsidePark:
        entity.kind === EntityKind.Enterprise && !entity.inIndustrialPark && outfallCount > 1,
    });
  }

  async outfallCounts(
    ids: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await em.query<{ entity_id: string; n: number }[]>(
      `SELECT l.entity_id, count(*)::int AS n FROM outfall_entity l JOIN outfall o ON o.id = l.outfall_id AND o.status = 'active'
        WHERE l.entity_id = ANY($1::uuid[]) GROUP BY l.entity_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.entity_id, row.n]));
  }

  async get(principal: Principal, id: string, em?: EntityManager): Promise<EntityWithFlags> {
    const entity = await this.visible(principal, em).andWhere('entity.id = :id', { id }).getOne();
    if (!entity) throw DomainException.notFound('Responsible entity', id);
    const counts = await this.outfallCounts([id], em);
    return this.withFlags(entity, counts.get(id) ?? 0);
  }

  private assertCreditCode(code: string | undefined): void {
    if (code === undefined) return;
    const problem = creditCodeProblem(code);
    if (problem) throw new DirectoryException(DirectoryErrorCode.CreditCodeInvalid, problem, 'creditCode');
  }

  /**
   * Entities follow the jurisdiction half of the write gate (`outfall-gate.ts`): their division must lie
   * inside the caller's. They have no outfall category, so the sector half does not apply: sector
   * departments keep the enterprise lists of their sector city-wide (the plan's 职责分工).
   */
  private async assertDivision(em: EntityManager, principal: Principal, divisionId: string): Promise<void> {
    const division = await em.getRepository(Division).findOneBy({ id: divisionId });
    if (!division) throw DomainException.invalid('divisionId', `division ${divisionId} does not exist`);
    if (!inJurisdiction(principal.jurisdiction, division.path)) {
      throw new DirectoryException(
        DirectoryErrorCode.OutsideJurisdiction,
        '责任主体所在乡镇（街道）不在您的辖区内 / the entity would lie outside your jurisdiction',
        'divisionId',
      );
    }
  }

  /**
   * The entity an import row stands for, checked like an update over the API: by credit code (unique
   * city-wide), then by name in the row's division (already inside the caller's jurisdiction). A credit code
   * that belongs to an entity outside the caller's jurisdiction is a row error that says so: the import may
   * not touch that entity (nor move it), and nothing is written for the row.
   */
  async matchImportRow(
    em: EntityManager,
    principal: Principal,
    row: { creditCode?: string; name: string; divisionId: string },
  ): Promise<{ existing: ResponsibleEntity | null; error: FieldError | null }> {
    const repo = em.getRepository(ResponsibleEntity);
    const byCode = row.creditCode
      ? await repo.findOne({
          where: { creditCode: normalizeCode(row.creditCode) },
          relations: { division: true },
        })
      : null;
    if (byCode && !inJurisdiction(principal.jurisdiction, byCode.division?.path)) {
      return {
        existing: null,
        error: {
          field: 'creditCode',
          message: `统一社会信用代码 ${row.creditCode} 属于其他乡镇（街道）的责任主体，不在您的辖区内，本行未导入 / credit code ${row.creditCode} belongs to an entity outside your jurisdiction; the row was not imported`,
        },
      };
    }
    const existing = byCode ?? (await repo.findOneBy({ name: row.name, divisionId: row.divisionId }));
    if (existing) delete existing.division;
    return { existing, error: null };
  }

  async create(principal: Principal, input: CreateEntityDto): Promise<EntityWithFlags> {
    this.assertCreditCode(input.creditCode);
    return this.dataSource.transaction(async (em) => {
      await this.assertDivision(em, principal, input.divisionId);
      const repo = em.getRepository(ResponsibleEntity);
      const saved = await repo.save(
        repo.create({ ...input, inIndustrialPark: input.inIndustrialPark ?? false }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'responsible_entity',
        entityId: saved.id,
        after: saved,
      });
      return this.withFlags(saved, 0);
    });
  }

  async update(principal: Principal, id: string, input: UpdateEntityDto): Promise<EntityWithFlags> {
    this.assertCreditCode(input.creditCode);
    return this.dataSource.transaction(async (em) => {
      await this.get(principal, id, em);
      const locked = await em
        .getRepository(ResponsibleEntity)
        .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      assertVersion('Responsible entity', locked.version, input.version);
      if (input.divisionId) await this.assertDivision(em, principal, input.divisionId);
      const { version: _v, ...changes } = input;
      const saved = await em.getRepository(ResponsibleEntity).save({ ...locked, ...changes });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'responsible_entity',
        entityId: id,
        before: locked,
        after: saved,
      });
      return this.get(principal, id, em);
    });
  }

  /** The links of the outfalls, each with its entity (inner-joined, so always loaded). */
  linksOf(outfallIds: readonly string[]): Promise<(OutfallEntityLink & { entity: ResponsibleEntity })[]> {
    return this.dataSource
      .getRepository(OutfallEntityLink)
      .createQueryBuilder('link')
      .innerJoinAndSelect('link.entity', 'entity')
      .where('link.outfallId IN (:...ids)', {
        ids: outfallIds.length ? outfallIds : ['00000000-0000-0000-0000-000000000000'],
      })
      .orderBy('link.isMain', 'DESC')
      .addOrderBy('entity.name', 'ASC')
      .getMany() as Promise<(OutfallEntityLink & { entity: ResponsibleEntity })[]>;
  }

  /**
   * Replaces an outfall's entities: exactly one main entity among them. With none given, the township of
   * the river section becomes the main entity (marked as the fallback).
   */
  async setLinks(
    em: EntityManager,
    principal: Principal,
    outfallId: string,
    divisionId: string,
    links: EntityLinkDto[],
  ): Promise<void> {
    const mains = links.filter((link) => link.isMain).length;
    if (links.length && mains !== 1) {
      throw new DirectoryException(
        DirectoryErrorCode.MainEntityCount,
        `exactly one main responsible entity is required (got ${mains})`,
        'links',
      );
    }
    const ids = new Set(links.map((link) => link.entityId));
    if (ids.size !== links.length) throw DomainException.invalid('links', 'an entity is listed twice');
    for (const link of links) await this.get(principal, link.entityId, em);
    const before = await em.getRepository(OutfallEntityLink).findBy({ outfallId });
    await em.getRepository(OutfallEntityLink).delete({ outfallId });
    if (links.length) {
      await em.getRepository(OutfallEntityLink).save(
        links.map((link) => ({
          outfallId,
          entityId: link.entityId,
          isMain: link.isMain,
          meteringInstalled: link.meteringInstalled ?? false,
          isFallback: false,
        })),
      );
    } else {
      await this.ensureFallback(em, outfallId, divisionId);
    }
    const after = await em.getRepository(OutfallEntityLink).findBy({ outfallId });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall_entities',
      entityId: outfallId,
      before: { links: before },
      after: { links: after },
    });
  }

  /**
   * When an outfall has no main responsible entity, its township / sub-district becomes it (谁污染谁治理;
   * otherwise the township of the river section). A fallback link is replaced when the division changes.
   */
  async ensureFallback(em: EntityManager, outfallId: string, divisionId: string): Promise<void> {
    await em.query(`DELETE FROM outfall_entity WHERE outfall_id = $1 AND is_fallback`, [outfallId]);
    const hasMain = await em.getRepository(OutfallEntityLink).existsBy({ outfallId, isMain: true });
    if (hasMain) return;
    const government = await this.townshipEntity(em, divisionId);
    await em
      .getRepository(OutfallEntityLink)
      .save({ outfallId, entityId: government.id, isMain: true, isFallback: true });
  }

  /** The township government as a responsible entity, created on first use from its unit. */
  private async townshipEntity(em: EntityManager, divisionId: string): Promise<ResponsibleEntity> {
    const repo = em.getRepository(ResponsibleEntity);
    const existing = await repo.findOneBy({ fallbackForDivisionId: divisionId });
    if (existing) return existing;
    const division = await em.getRepository(Division).findOneByOrFail({ id: divisionId });
    const unit = await em.getRepository(Unit).findOneBy({ divisionId, kind: UnitKind.Township });
    const created = await repo.save(
      repo.create({
        name: unit?.name ?? `${division.name}人民政府`,
        kind: EntityKind.TownshipGovernment,
        divisionId,
        fallbackForDivisionId: divisionId,
        contactName: unit?.liaisonName ?? null,
        contactPhone: unit?.liaisonPhone ?? null,
        demo: division.demo,
      }),
    );
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'responsible_entity',
      entityId: created.id,
      after: created,
    });
    return created;
  }

  /** Merge: the survivor gains the merged outfall's entities (as other dischargers when it has a main one). */
  async moveLinks(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    await em.query(
      `INSERT INTO outfall_entity (outfall_id, entity_id, is_main, metering_installed, is_fallback)
       SELECT $2, l.entity_id, false, l.metering_installed, false
         FROM outfall_entity l
        WHERE l.outfall_id = $1 AND NOT l.is_fallback
       ON CONFLICT (outfall_id, entity_id) DO NOTHING`,
      [fromId, intoId],
    );
    const intoHasRealMain = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outfall_entity WHERE outfall_id = $1 AND is_main AND NOT is_fallback`,
      [intoId],
    );
    if (!intoHasRealMain[0].n) {
      // promote the merged outfall's main entity (two statements: one main at a time)
      const [promoted] = await em.query<{ entity_id: string }[]>(
        `SELECT entity_id FROM outfall_entity WHERE outfall_id = $1 AND is_main AND NOT is_fallback LIMIT 1`,
        [fromId],
      );
      if (promoted) {
        await em.query(`UPDATE outfall_entity SET is_main = false WHERE outfall_id = $1`, [intoId]);
        await em.query(`UPDATE outfall_entity SET is_main = true WHERE outfall_id = $1 AND entity_id = $2`, [
          intoId,
          promoted.entity_id,
        ]);
      }
      await em.query(
        `DELETE FROM outfall_entity WHERE outfall_id = $1 AND is_fallback
           AND EXISTS (SELECT 1 FROM outfall_entity m WHERE m.outfall_id = $1 AND m.is_main AND NOT m.is_fallback)`,
        [intoId],
      );
    }
  }
}
