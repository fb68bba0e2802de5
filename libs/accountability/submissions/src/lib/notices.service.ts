import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingToday, DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { Unit } from '@outfall/org';
import { AuditAction, NoticeStatus } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { ownUnit, unitScope } from './access';
import { NoticeQueryDto, RespondNoticeDto, ReviewNoticeDto, SendNoticeDto } from './submissions.dto';
import { SubmissionsErrorCode, SubmissionsException } from './submissions.exception';
import { SupervisionNotice } from './submissions.entities';
import { AccountabilityFilesService } from './files.service';

export const NOTICE_SORTABLE = {
  dueOn: 'notice.dueOn',
  sentAt: 'notice.sentAt',
  status: 'notice.status',
  code: 'notice.code',
};

/** Awaiting the unit (sent or sent back) with the due day before today's Beijing day. */
export const NOTICE_OVERDUE_SQL = `(notice.status IN ('sent', 'returned') AND notice.due_on < CAST(:today AS date))`;

export type NoticeView = SupervisionNotice & {
  unitName: string | null;
  overdue: boolean;
  /** The first response came after the due day (Beijing day of the response). */
  answeredLate: boolean;
};

/** Supervision notices (督办): sent by the eco branch, answered by the unit, closed or sent back. */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly files: AccountabilityFilesService,
  ) {}

  private filtered(principal: Principal, query: Partial<NoticeQueryDto>, em?: EntityManager) {
    const scope = unitScope(principal);
    const qb = (em ?? this.dataSource.manager)
      .getRepository(SupervisionNotice)
      .createQueryBuilder('notice')
      .leftJoin('notice.unit', 'unit')
      .addSelect(['unit.id', 'unit.name']);
    if (scope) qb.andWhere('notice.unit_id = :scope', { scope });
    if (query.unitId) qb.andWhere('notice.unit_id = :unitId', { unitId: query.unitId });
    if (query.status) qb.andWhere('notice.status = :status', { status: query.status });
    if (query.overdue !== undefined)
      qb.andWhere(query.overdue ? NOTICE_OVERDUE_SQL : `NOT ${NOTICE_OVERDUE_SQL}`, {
        today: beijingToday(),
      });
    return qb;
  }

  view(notice: SupervisionNotice): NoticeView {
    const today = beijingToday();
    const awaiting = notice.status === NoticeStatus.Sent || notice.status === NoticeStatus.Returned;
    const respondedOn = notice.respondedAt
      ? new Date(new Date(notice.respondedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
      : null;
    const { unit, ...rest } = notice;
    return {
      ...rest,
      unitName: unit?.name ?? null,
      overdue: awaiting && notice.dueOn < today,
      answeredLate: respondedOn !== null && respondedOn > notice.dueOn,
    } as NoticeView;
  }

  async list(principal: Principal, query: NoticeQueryDto): Promise<PageResult<NoticeView>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      NOTICE_SORTABLE,
      'dueOn',
      'notice.id',
    );
    return { ...page, items: page.items.map((n) => this.view(n)) };
  }

  async get(principal: Principal, id: string): Promise<NoticeView> {
    return this.view(await this.load(principal, id));
  }

  private async load(principal: Principal, id: string, em?: EntityManager, lock = false) {
    const qb = this.filtered(principal, {}, em).andWhere('notice.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['notice']);
    const notice = await qb.getOne();
    if (!notice) throw DomainException.notFound('Supervision notice', id);
    return notice;
  }

  async send(principal: Principal, dto: SendNoticeDto): Promise<NoticeView> {
    const id = await this.dataSource.transaction(async (em) => {
      if (!(await em.getRepository(Unit).existsBy({ id: dto.unitId })))
        throw DomainException.invalid('unitId', 'the unit does not exist');
      if (dto.dueOn < beijingToday())
        throw new SubmissionsException(
          SubmissionsErrorCode.Dates,
          '督办期限不能早于今天（北京时间）',
          'dueOn',
        );
      if (dto.outfallId) {
        const [row] = await em.query<{ id: string }[]>(`SELECT id FROM outfall WHERE id = $1`, [
          dto.outfallId,
        ]);
        if (!row) throw DomainException.invalid('outfallId', 'the outfall does not exist');
      }
      if (dto.planId) {
        const [row] = await em.query<{ outfall_id: string }[]>(
          `SELECT outfall_id FROM remediation_plan WHERE id = $1`,
          [dto.planId],
        );
        if (!row) throw DomainException.invalid('planId', 'the remediation plan does not exist');
        if (dto.outfallId && row.outfall_id !== dto.outfallId)
          throw DomainException.invalid('planId', 'the plan belongs to another outfall');
      }
      const year = beijingToday().slice(0, 4);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('supervision_notice_code'))`);
      const [{ n }] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int + 1 AS n FROM supervision_notice WHERE code LIKE $1`,
        [`DB-${year}-%`],
      );
      const repo = em.getRepository(SupervisionNotice);
      const notice = await repo.save(
        repo.create({
          code: `DB-${year}-${String(n).padStart(4, '0')}`,
          unitId: dto.unitId,
          subject: dto.subject.trim(),
          body: dto.body.trim(),
          outfallId: dto.outfallId ?? null,
          planId: dto.planId ?? null,
          dueOn: dto.dueOn,
          status: NoticeStatus.Sent,
          sentBy: principal.name,
          history: [{ action: 'send', at: new Date().toISOString(), by: principal.name, note: null }],
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'supervision_notice',
        entityId: notice.id,
        after: notice,
      });
      return notice.id;
    });
    return this.get(principal, id);
  }

  /** The unit answers (its own notices only), while the notice awaits it. */
  async respond(principal: Principal, id: string, dto: RespondNoticeDto): Promise<NoticeView> {
    const unitId = ownUnit(principal);
    await this.dataSource.transaction(async (em) => {
      const notice = await this.load(principal, id, em, true);
      if (notice.unitId !== unitId)
        throw new SubmissionsException(SubmissionsErrorCode.NotOwnUnit, '只能回复发给本单位的督办通知');
      this.assertVersion(notice, dto.version);
      if (notice.status !== NoticeStatus.Sent && notice.status !== NoticeStatus.Returned)
        throw new SubmissionsException(
          SubmissionsErrorCode.InvalidTransition,
          `督办通知当前状态为“${notice.status}”，不能回复（仅待回复或已退回的可以回复）`,
          'version',
        );
      await this.files.check(em, unitId, dto.fileIds ?? [], 'fileIds');
      const before = { ...notice };
      notice.response = dto.response.trim();
      notice.responseFileIds = dto.fileIds ?? [];
      notice.respondedAt = notice.respondedAt ?? new Date();
      notice.status = NoticeStatus.Answered;
      notice.history = [
        ...notice.history,
        { action: 'respond', at: new Date().toISOString(), by: principal.name, note: null },
      ];
      await this.persist(em, notice);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'supervision_notice',
        entityId: id,
        before,
        after: notice,
      });
    });
    return this.get(principal, id);
  }

  /** The eco branch closes an answered notice, or sends it back with a reason. */
  async review(principal: Principal, id: string, dto: ReviewNoticeDto): Promise<NoticeView> {
    await this.dataSource.transaction(async (em) => {
      const notice = await this.load(principal, id, em, true);
      this.assertVersion(notice, dto.version);
      const allowed =
        dto.action === 'close'
          ? [NoticeStatus.Answered, NoticeStatus.Sent, NoticeStatus.Returned]
          : [NoticeStatus.Answered];
      if (!allowed.includes(notice.status))
        throw new SubmissionsException(
          SubmissionsErrorCode.InvalidTransition,
          dto.action === 'close' ? '督办通知已办结' : '只有已回复的督办通知可以退回',
          'action',
        );
      if (dto.action === 'return' && !dto.note?.trim())
        throw new SubmissionsException(SubmissionsErrorCode.ReasonRequired, '退回督办回复须说明理由', 'note');
      const before = { ...notice };
      notice.status = dto.action === 'close' ? NoticeStatus.Closed : NoticeStatus.Returned;
      notice.reviewNote = dto.note?.trim() || null;
      if (dto.action === 'close') notice.closedAt = new Date();
      notice.history = [
        ...notice.history,
        { action: dto.action, at: new Date().toISOString(), by: principal.name, note: notice.reviewNote },
      ];
      await this.persist(em, notice);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'supervision_notice',
        entityId: id,
        before,
        after: notice,
      });
    });
    return this.get(principal, id);
  }

  private async persist(em: EntityManager, notice: SupervisionNotice) {
    const { unit: _unit, ...columns } = notice;
    const saved = await em
      .getRepository(SupervisionNotice)
      .save(em.getRepository(SupervisionNotice).create(columns));
    Object.assign(notice, saved);
  }

  private assertVersion(notice: SupervisionNotice, version: number) {
    if (notice.version !== version)
      throw new DomainException(
        'VERSION_CONFLICT',
        `督办通知已被他人修改（当前版本 ${notice.version}），请刷新后重试`,
        409,
        [{ field: 'version', message: `current version is ${notice.version}` }],
      );
  }

  /** Per unit, for notices sent up to `until` (exclusive timestamp) and due within [from, to]. */
  async statsByUnit(from: string, to: string, asOf: string, computedAt: Date) {
    return this.dataSource.query<
      {
        unitId: string;
        unit: string;
        sent: number;
        answered: number;
        answeredLate: number;
        overdue: number;
      }[]
    >(
      `SELECT u.id AS "unitId", u.name AS unit, count(n.id)::int AS sent,
              count(n.id) FILTER (WHERE n.responded_at IS NOT NULL AND n.responded_at <= $4)::int AS answered,
              count(n.id) FILTER (WHERE n.responded_at IS NOT NULL AND n.responded_at <= $4
                                   AND (n.responded_at AT TIME ZONE 'Asia/Shanghai')::date > n.due_on)::int AS "answeredLate",
              count(n.id) FILTER (WHERE n.due_on < CAST($3 AS date)
                                   AND (n.responded_at IS NULL OR n.responded_at > $4
                                        OR (n.responded_at AT TIME ZONE 'Asia/Shanghai')::date > n.due_on))::int AS overdue
         FROM supervision_notice n JOIN unit u ON u.id = n.unit_id
        WHERE n.due_on BETWEEN CAST($1 AS date) AND CAST($2 AS date) AND n.sent_at <= $4
        GROUP BY u.id, u.name ORDER BY u.name`,
      [from, to, asOf, computedAt],
    );
  }
}
