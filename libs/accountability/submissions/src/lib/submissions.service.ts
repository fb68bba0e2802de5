import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingDay, beijingToday, DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { addDays, parseQuarter, quarterEnd, quarterOf, previousQuarter } from '@outfall/progress';
import { AuditAction, SubmissionCell, SubmissionStatus, UnitKind } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { ownUnit, unitScope } from './access';
import { AccountabilityConfigService } from './config.service';
import { AccountabilityFilesService } from './files.service';
import { ReviewSubmissionDto, SubmissionQueryDto, SubmitDto } from './submissions.dto';
import { SubmissionsErrorCode, SubmissionsException } from './submissions.exception';
import { QuarterlySubmission } from './submissions.entities';

export const SUBMISSION_SORTABLE = {
  quarter: 'submission.quarter',
  submittedAt: 'submission.submittedAt',
  status: 'submission.status',
};

export type SubmissionView = QuarterlySubmission & {
  unitName: string | null;
  deadline: string;
  late: boolean;
};

export interface MatrixCell {
  quarter: string;
  deadline: string;
  cell: SubmissionCell;
  status: SubmissionStatus | null;
  submissionId: string | null;
  firstSubmittedOn: string | null;
}

/** The quarter to report on today: the last ended quarter. */
export function reportingQuarter(today = beijingToday()): string {
  const q = previousQuarter(quarterOf(today));
  return `${q.year}Q${q.q}`;
}

/** The units that report (every unit but the eco branch, which reviews). */
export const REPORTING_UNITS_SQL = `SELECT id, name, kind FROM unit WHERE kind <> '${UnitKind.EcologyBranch}'`;

/** Quarterly information submissions (信息报送): submit, accept / return with a reason, resubmit; timeliness. */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly files: AccountabilityFilesService,
    private readonly config: AccountabilityConfigService,
  ) {}

  /** The quarter's deadline: its last Beijing day plus the configured days. */
  async deadline(quarter: string, em?: EntityManager): Promise<string> {
    const q = parseQuarter(quarter);
    if (!q) throw DomainException.invalid('quarter', 'quarter must look like 2026Q3');
    const { config } = await this.config.current(em);
    return addDays(quarterEnd(q), config.submissionDeadlineDays);
  }

  private async view(s: QuarterlySubmission): Promise<SubmissionView> {
    const deadline = await this.deadline(s.quarter);
    const { unit, ...rest } = s;
    return {
      ...rest,
      unitName: unit?.name ?? null,
      deadline,
      late: beijingDay(new Date(s.firstSubmittedAt)) > deadline,
    } as SubmissionView;
  }

  private filtered(principal: Principal, query: Partial<SubmissionQueryDto>, em?: EntityManager) {
    const scope = unitScope(principal);
    const qb = (em ?? this.dataSource.manager)
      .getRepository(QuarterlySubmission)
      .createQueryBuilder('submission')
      .leftJoin('submission.unit', 'unit')
      .addSelect(['unit.id', 'unit.name']);
    if (scope) qb.andWhere('submission.unit_id = :scope', { scope });
    if (query.unitId) qb.andWhere('submission.unit_id = :unitId', { unitId: query.unitId });
    if (query.quarter) qb.andWhere('submission.quarter = :quarter', { quarter: query.quarter });
    if (query.status) qb.andWhere('submission.status = :status', { status: query.status });
    return qb;
  }

  async list(principal: Principal, query: SubmissionQueryDto): Promise<PageResult<SubmissionView>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      SUBMISSION_SORTABLE,
      '-quarter',
      'submission.id',
    );
    return { ...page, items: await Promise.all(page.items.map((s) => this.view(s))) };
  }

  async get(principal: Principal, id: string): Promise<SubmissionView> {
    return this.view(await this.load(principal, id));
  }

  private async load(principal: Principal, id: string, em?: EntityManager, lock = false) {
    const qb = this.filtered(principal, {}, em).andWhere('submission.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['submission']);
    const s = await qb.getOne();
    if (!s) throw DomainException.notFound('Submission', id);
    return s;
  }

  /** The unit's liaison submits the quarter's report, or resubmits a returned one. */
  async submit(principal: Principal, dto: SubmitDto): Promise<SubmissionView> {
    const unitId = ownUnit(principal);
    const q = parseQuarter(dto.quarter);
    if (!q) throw DomainException.invalid('quarter', 'quarter must look like 2026Q3');
    if (quarterEnd(q) >= beijingToday())
      throw new SubmissionsException(
        SubmissionsErrorCode.QuarterNotEnded,
        `${dto.quarter} 尚未结束，季度结束后再报送`,
        'quarter',
      );
    const id = await this.dataSource.transaction(async (em) => {
      await this.files.check(em, unitId, dto.fileIds ?? [], 'fileIds');
      const repo = em.getRepository(QuarterlySubmission);
      const existing = await repo
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.unit_id = :unitId AND s.quarter = :quarter', { unitId, quarter: dto.quarter })
        .getOne();
      const now = new Date();
      const fields = {
        figures: { ...dto.figures },
        progress: dto.progress.trim(),
        problems: dto.problems.trim(),
        nextSteps: dto.nextSteps.trim(),
        liaisonName: dto.liaisonName.trim(),
        liaisonPhone: dto.liaisonPhone,
        fileIds: dto.fileIds ?? [],
        submittedAt: now,
        status: SubmissionStatus.Submitted,
      };
      if (existing) {
        if (existing.status !== SubmissionStatus.Returned)
          throw new SubmissionsException(
            SubmissionsErrorCode.AlreadySubmitted,
            `本单位 ${dto.quarter} 已报送（${existing.status === SubmissionStatus.Accepted ? '已采纳' : '待审核'}），退回后才能重新报送`,
            'quarter',
          );
        if (dto.version !== existing.version)
          throw new DomainException(
            'VERSION_CONFLICT',
            `报送已被他人修改（当前版本 ${existing.version}），请刷新后重试`,
            409,
            [{ field: 'version', message: `current version is ${existing.version}` }],
          );
        const before = { ...existing };
        Object.assign(existing, fields, {
          history: [
            ...existing.history,
            { action: 'resubmit', at: now.toISOString(), by: principal.name, note: null },
          ],
        });
        const saved = await repo.save(existing);
        await this.audit.record(em, {
          action: AuditAction.Update,
          entityType: 'quarterly_submission',
          entityId: saved.id,
          before,
          after: saved,
        });
        return saved.id;
      }
      const saved = await repo.save(
        repo.create({
          ...fields,
          unitId,
          quarter: dto.quarter,
          firstSubmittedAt: now,
          history: [{ action: 'submit', at: now.toISOString(), by: principal.name, note: null }],
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'quarterly_submission',
        entityId: saved.id,
        after: saved,
      });
      return saved.id;
    });
    return this.get(principal, id);
  }

  /** The eco branch accepts a submitted report, or returns it with a reason (the unit resubmits). */
  async review(principal: Principal, id: string, dto: ReviewSubmissionDto): Promise<SubmissionView> {
    await this.dataSource.transaction(async (em) => {
      const s = await this.load(principal, id, em, true);
      if (s.version !== dto.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          `报送已被他人修改（当前版本 ${s.version}），请刷新后重试`,
          409,
          [{ field: 'version', message: `current version is ${s.version}` }],
        );
      if (s.status !== SubmissionStatus.Submitted)
        throw new SubmissionsException(
          SubmissionsErrorCode.InvalidTransition,
          '只有待审核的报送可以采纳或退回',
          'action',
        );
      if (dto.action === 'return' && !dto.reason?.trim())
        throw new SubmissionsException(SubmissionsErrorCode.ReasonRequired, '退回报送须说明理由', 'reason');
      const before = { ...s };
      const { unit: _unit, ...columns } = s;
      const now = new Date();
      Object.assign(columns, {
        status: dto.action === 'accept' ? SubmissionStatus.Accepted : SubmissionStatus.Returned,
        returnReason: dto.action === 'return' ? dto.reason?.trim() : null,
        reviewedAt: now,
        history: [
          ...s.history,
          { action: dto.action, at: now.toISOString(), by: principal.name, note: dto.reason?.trim() || null },
        ],
      });
      const saved = await em
        .getRepository(QuarterlySubmission)
        .save(em.getRepository(QuarterlySubmission).create(columns));
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'quarterly_submission',
        entityId: id,
        before,
        after: saved,
      });
    });
    return this.get(principal, id);
  }

  /**
   * Units × quarters: on time (first submitted on or before the deadline, Beijing day), late, missing (deadline
   * passed with nothing submitted, judged at `asOf`), pending. A unit sees only its own row.
   */
  async matrix(principal: Principal, quarters: string[], asOf = beijingToday(), computedAt?: Date) {
    const scope = unitScope(principal);
    const deadlines = await Promise.all(quarters.map((q) => this.deadline(q)));
    const rows = await this.dataSource.query<
      {
        unitId: string;
        unit: string;
        kind: string;
        quarter: string;
        status: SubmissionStatus | null;
        id: string | null;
        first: string | null;
      }[]
    >(
      `SELECT u.id AS "unitId", u.name AS unit, u.kind, q.quarter, s.status, s.id,
              to_char(s.first_submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS first
         FROM (${REPORTING_UNITS_SQL}) u CROSS JOIN unnest($1::varchar[]) AS q(quarter)
         LEFT JOIN quarterly_submission s ON s.unit_id = u.id AND s.quarter = q.quarter
              AND ($3::timestamptz IS NULL OR s.first_submitted_at <= $3::timestamptz)
        WHERE ($2::uuid IS NULL OR u.id = $2::uuid)
        ORDER BY u.kind = 'township', u.name, q.quarter`,
      [quarters, scope, computedAt ?? null],
    );
    const units = new Map<string, { unitId: string; unit: string; kind: string; cells: MatrixCell[] }>();
    for (const r of rows) {
      let u = units.get(r.unitId);
      if (!u) units.set(r.unitId, (u = { unitId: r.unitId, unit: r.unit, kind: r.kind, cells: [] }));
      const deadline = deadlines[quarters.indexOf(r.quarter)];
      const cell = r.first
        ? r.first > deadline
          ? SubmissionCell.Late
          : SubmissionCell.OnTime
        : asOf > deadline
          ? SubmissionCell.Missing
          : SubmissionCell.Pending;
      u.cells.push({
        quarter: r.quarter,
        deadline,
        cell,
        status: r.status,
        submissionId: r.id,
        firstSubmittedOn: r.first,
      });
    }
    return { quarters, asOf, units: [...units.values()] };
  }
}
