import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, Principal } from '@outfall/common';
import { ResponsibleEntitiesService } from '@outfall/directory';
import { AuditAction, EntityKind, OutfallCategory } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import {
  MultiOutfallEnterpriseDto,
  MultiOutfallPageDto,
  MultiOutfallQueryDto,
  SetupNotificationDto,
} from './dto/setup-review.dto';
import { SetupNotification } from './setup-application.entity';
import { SetupReviewErrorCode, SetupReviewException } from './setup-review.exception';

/** Industrial/mining enterprises outside a park with their active industrial outfalls (≥ 2). */
const MULTI_SQL = `
  SELECT e.id AS "entityId", e.name, e.credit_code AS "creditCode", d.name AS "divisionName",
         count(o.id)::int AS "outfallCount",
         array_agg(o.local_code ORDER BY o.local_code) AS "outfallCodes",
         (SELECT to_char(max(n.notified_on), 'YYYY-MM-DD') FROM setup_notification n WHERE n.entity_id = e.id) AS "lastNotifiedOn"
    FROM responsible_entity e
    JOIN division d ON d.id = e.division_id
    JOIN outfall_entity l ON l.entity_id = e.id
    JOIN outfall o ON o.id = l.outfall_id AND o.status = 'active' AND o.category = $1
   WHERE e.kind = $2 AND NOT e.in_industrial_park AND (d.path = $3 OR d.path LIKE $3 || '/%' OR $3 IS NULL)
   GROUP BY e.id, d.name
  HAVING count(o.id) >= 2`;

/**
 * 三(二)2: an industrial or mining enterprise that keeps two or more outfalls outside an industrial park must
 * notify the eco branch. The notifications, and the enterprises flagged for not having notified.
 */
@Injectable()
export class SetupNotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly entities: ResponsibleEntitiesService,
  ) {}

  async record(principal: Principal, input: SetupNotificationDto): Promise<SetupNotification> {
    return this.dataSource.transaction(async (em) => {
      const entity = await this.entities.get(principal, input.entityId, em);
      if (entity.kind !== EntityKind.Enterprise)
        throw new SetupReviewException(
          SetupReviewErrorCode.NotAnEnterprise,
          '只有工矿企业需要报告园区外多个排污口的情况 / only an industrial or mining enterprise notifies',
          'entityId',
        );
      if (input.notifiedOn > beijingToday())
        throw new SetupReviewException(
          SetupReviewErrorCode.Dates,
          'notifiedOn 不能晚于今天 / cannot be in the future',
          'notifiedOn',
        );
      const outfalls = await em.query<{ id: string }[]>(
        `SELECT o.id FROM outfall_entity l JOIN outfall o ON o.id = l.outfall_id AND o.status = 'active'
          WHERE l.entity_id = $1 ORDER BY o.local_code`,
        [entity.id],
      );
      const repo = em.getRepository(SetupNotification);
      const saved = await repo.save(
        repo.create({
          entityId: entity.id,
          notifiedOn: input.notifiedOn,
          documentNumber: input.documentNumber ?? null,
          note: input.note ?? null,
          outfallIds: outfalls.map((o) => o.id),
          createdById:
            principal.kind === 'user' && /^[0-9a-f-]{36}$/i.test(principal.id) ? principal.id : null,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'setup_notification',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  /** Notifications whose enterprise the caller may see, newest first. */
  list(principal: Principal): Promise<SetupNotification[]> {
    const qb = this.dataSource
      .getRepository(SetupNotification)
      .createQueryBuilder('n')
      .innerJoinAndSelect('n.entity', 'entity')
      .innerJoin('entity.division', 'division')
      .orderBy('n.notifiedOn', 'DESC')
      .addOrderBy('n.id');
    if (!principal.jurisdiction.cityWide)
      qb.andWhere('(division.path = :p OR division.path LIKE :pp)', {
        p: principal.jurisdiction.divisionPath ?? '-',
        pp: `${principal.jurisdiction.divisionPath ?? '-'}/%`,
      });
    return qb.getMany();
  }

  /** Enterprises with ≥ 2 active industrial outfalls outside a park; `flagged` when none notified. */
  async multiOutfall(principal: Principal, query: MultiOutfallQueryDto): Promise<MultiOutfallPageDto> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const path = principal.jurisdiction.cityWide ? null : (principal.jurisdiction.divisionPath ?? '-');
    const notified =
      query.notified === undefined
        ? ''
        : query.notified
          ? 'WHERE "lastNotifiedOn" IS NOT NULL'
          : 'WHERE "lastNotifiedOn" IS NULL';
    const rows = await this.dataSource.query<
      (Omit<MultiOutfallEnterpriseDto, 'notified' | 'flagged'> & { total: number })[]
    >(
      `SELECT m.*, count(*) OVER ()::int AS total FROM (${MULTI_SQL}) m ${notified}
        ORDER BY ("lastNotifiedOn" IS NULL) DESC, "outfallCount" DESC, name LIMIT $4 OFFSET $5`,
      [OutfallCategory.Industrial, EntityKind.Enterprise, path, limit, offset],
    );
    return {
      items: rows.map(({ total: _t, ...row }) => ({
        ...row,
        notified: !!row.lastNotifiedOn,
        flagged: !row.lastNotifiedOn,
      })),
      total: rows[0]?.total ?? 0,
      limit,
      offset,
    };
  }
}
