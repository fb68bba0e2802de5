import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, FileStorage, Principal } from '@outfall/common';
import {
  AuditAction,
  DISPATCH_REPORT_STATUS_LABELS,
  DispatchReportStatus,
  Permission,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DispatchReport } from './dispatch-report.entity';
import { DispatchReportJob } from './dispatch-report.job';
import type { DispatchReportView, UpdateDispatchReportDto } from './dispatch-report.dto';
import { ProgressSnapshot } from './progress.entities';

export enum DispatchReportErrorCode {
  NotEditable = 'DISPATCH_REPORT_NOT_EDITABLE',
  InvalidTransition = 'DISPATCH_REPORT_INVALID_TRANSITION',
  SamePerson = 'DISPATCH_REPORT_SAME_PERSON',
  NotIssued = 'DISPATCH_REPORT_NOT_ISSUED',
  Tampered = 'DISPATCH_REPORT_FILE_CHANGED',
}

const STATUS_TEXT = (status: DispatchReportStatus) => DISPATCH_REPORT_STATUS_LABELS[status].zh;

export class DispatchReportException extends DomainException {
  constructor(code: DispatchReportErrorCode, message: string, status = HttpStatus.CONFLICT, field?: string) {
    super(code, message, status, field ? [{ field, message }] : []);
  }
}

type Audited = Pick<
  DispatchReport,
  'status' | 'tasks' | 'narrativeOverride' | 'preparedByName' | 'issuedByName' | 'xlsxSha256' | 'htmlSha256'
>;
const audited = (r: DispatchReport): Audited => ({
  status: r.status,
  tasks: r.tasks,
  narrativeOverride: r.narrativeOverride,
  preparedByName: r.preparedByName,
  issuedByName: r.issuedByName,
  xlsxSha256: r.xlsxSha256,
  htmlSha256: r.htmlSha256,
});

/**
 * The dispatch report's workflow (one report per snapshot version): draft (tasks and an optional narrative
 * override are edited) → submitted by the preparer (编制) → issued by someone else holding report:issue
 * (审核/签发), or returned to draft with a reason. Issuing renders the XLSX and the HTML once, stores them with
 * their SHA-256 and freezes the report: later downloads are those bytes, whatever happens to the data or the
 * snapshot (a recompute makes a new version, with its own report). Every transition is audited.
 */
@Injectable()
export class DispatchReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: DispatchReportJob,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEvents,
  ) {}

  private assertCityWide(principal: Principal): void {
    if (!principal.jurisdiction.cityWide)
      throw DomainException.forbidden(
        'the dispatch report covers the whole city; ask the ecology-environment branch',
      );
  }

  private async snapshot(id: string, em: EntityManager = this.dataSource.manager): Promise<ProgressSnapshot> {
    const snapshot = await em.getRepository(ProgressSnapshot).findOneBy({ id });
    if (!snapshot) throw DomainException.notFound('Snapshot', id);
    return snapshot;
  }

  /** The report of a snapshot (a fresh draft, not yet saved, if nobody has touched it) with its narrative. */
  async get(principal: Principal, snapshotId: string): Promise<DispatchReportView> {
    this.assertCityWide(principal);
    const snapshot = await this.snapshot(snapshotId);
    const report = await this.dataSource.getRepository(DispatchReport).findOneBy({ snapshotId });
    return this.view(principal, snapshot, report);
  }

  private async view(
    principal: Principal,
    snapshot: ProgressSnapshot,
    report: DispatchReport | null,
  ): Promise<DispatchReportView> {
    const status = report?.status ?? DispatchReportStatus.Draft;
    const canWrite = principal.permissions.includes(Permission.ReportIssue);
    const actions: string[] = [];
    if (canWrite && status === DispatchReportStatus.Draft) actions.push('edit', 'submit');
    if (canWrite && status === DispatchReportStatus.Submitted && report?.preparedById !== principal.id)
      actions.push('issue', 'return');
    if (status === DispatchReportStatus.Issued) actions.push('download');
    return {
      id: report?.id ?? null,
      snapshotId: snapshot.id,
      quarter: snapshot.quarter,
      snapshotVersion: snapshot.version,
      snapshotCurrent: snapshot.current,
      status,
      statusLabel: STATUS_TEXT(status),
      tasks: (report?.tasks ?? []).map((t) => ({
        content: t.content,
        leadUnit: t.leadUnit ?? null,
        dueOn: t.dueOn ?? null,
      })),
      narrativeOverride: report?.narrativeOverride ?? null,
      narrative: await this.renderer.narrative(snapshot),
      returnReason: report?.returnReason ?? null,
      preparedByName: report?.preparedByName ?? null,
      submittedAt: report?.submittedAt ?? null,
      issuedByName: report?.issuedByName ?? null,
      issuedAt: report?.issuedAt ?? null,
      xlsxSha256: report?.xlsxSha256 ?? null,
      htmlSha256: report?.htmlSha256 ?? null,
      version: report?.version ?? 0,
      actions,
    };
  }

  /** The report row, locked for the transaction; created as a draft when missing. */
  private async lockOrCreate(
    em: EntityManager,
    snapshot: ProgressSnapshot,
  ): Promise<[DispatchReport, boolean]> {
    const repo = em.getRepository(DispatchReport);
    await em.query(
      `INSERT INTO dispatch_report (snapshot_id, quarter, snapshot_version, version)
       VALUES ($1, $2, $3, 1) ON CONFLICT (snapshot_id) DO NOTHING`,
      [snapshot.id, snapshot.quarter, snapshot.version],
    );
    const report = await repo
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.snapshot_id = :id', { id: snapshot.id })
      .getOneOrFail();
    return [report, report.createdAt.getTime() === report.updatedAt.getTime() && report.version === 1];
  }

  private notEditable(report: DispatchReport): DispatchReportException {
    return new DispatchReportException(
      DispatchReportErrorCode.NotEditable,
      report.status === DispatchReportStatus.Issued
        ? `调度报告已签发（${report.issuedByName ?? ''}），签发后的报告不可修改`
        : '调度报告已提交签发，不能修改；请签发人退回后再修改',
    );
  }

  /** Saves the next-quarter tasks and the narrative override; only in draft (409 otherwise). */
  async update(
    principal: Principal,
    snapshotId: string,
    input: UpdateDispatchReportDto,
  ): Promise<DispatchReportView> {
    this.assertCityWide(principal);
    const saved = await this.dataSource.transaction(async (em) => {
      const snapshot = await this.snapshot(snapshotId, em);
      const [report] = await this.lockOrCreate(em, snapshot);
      if (report.status !== DispatchReportStatus.Draft) throw this.notEditable(report);
      if (input.version !== undefined && input.version !== report.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          `调度报告已被他人修改（当前版本 ${report.version}，您读取的是 ${input.version}），请刷新后再改`,
          HttpStatus.CONFLICT,
          [{ field: 'version', message: 'stale version' }],
        );
      const before = audited(report);
      report.tasks = input.tasks.map((t) => ({
        content: t.content.trim(),
        leadUnit: t.leadUnit?.trim() || null,
        dueOn: t.dueOn || null,
      }));
      report.narrativeOverride = input.narrativeOverride?.trim() || null;
      const after = await em.getRepository(DispatchReport).save(report);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'dispatch_report',
        entityId: after.id,
        before,
        after: audited(after),
      });
      return after;
    });
    return this.view(principal, await this.snapshot(snapshotId), saved);
  }

  /** The preparer (编制) submits the draft for sign-off. */
  async submit(principal: Principal, snapshotId: string): Promise<DispatchReportView> {
    return this.transition(principal, snapshotId, 'submit', async (_em, report) => {
      if (report.status !== DispatchReportStatus.Draft)
        throw new DispatchReportException(
          DispatchReportErrorCode.InvalidTransition,
          `调度报告当前为“${STATUS_TEXT(report.status)}”，只有草稿可以提交签发`,
        );
      report.status = DispatchReportStatus.Submitted;
      report.preparedById = principal.id;
      report.preparedByName = principal.name;
      report.submittedAt = new Date();
      report.returnReason = null;
    });
  }

  /** The approver returns a submitted report to draft, with a reason. */
  async returnToDraft(principal: Principal, snapshotId: string, reason: string): Promise<DispatchReportView> {
    return this.transition(principal, snapshotId, 'return', async (_em, report) => {
      if (report.status !== DispatchReportStatus.Submitted)
        throw new DispatchReportException(
          DispatchReportErrorCode.InvalidTransition,
          `调度报告当前为“${STATUS_TEXT(report.status)}”，只有待签发的报告可以退回`,
        );
      report.status = DispatchReportStatus.Draft;
      report.returnReason = reason.trim();
    });
  }

  /**
   * Issues (签发) a submitted report: not by its preparer (four eyes). Renders both files once — before the
   * write transaction (the embedded database has one connection) — stores them with their SHA-256, then, if
   * the report has not changed meanwhile, freezes it. From then on downloads serve exactly those bytes.
   */
  async issue(principal: Principal, snapshotId: string): Promise<DispatchReportView> {
    this.assertCityWide(principal);
    const snapshot = await this.snapshot(snapshotId);
    const current = await this.dataSource.getRepository(DispatchReport).findOneBy({ snapshotId });
    const check = (report: DispatchReport | null) => {
      if (!report || report.status !== DispatchReportStatus.Submitted)
        throw new DispatchReportException(
          DispatchReportErrorCode.InvalidTransition,
          report?.status === DispatchReportStatus.Issued
            ? '调度报告已签发，不能重复签发'
            : '调度报告尚未提交签发，请编制人先提交',
        );
      if (report.preparedById === principal.id)
        throw new DispatchReportException(
          DispatchReportErrorCode.SamePerson,
          '签发人不能与编制人为同一人，请由另一位有签发权限的人员审核签发',
        );
      return report;
    };
    const report = check(current);
    const issuing: DispatchReport = {
      ...report,
      status: DispatchReportStatus.Issued,
      issuedById: principal.id,
      issuedByName: principal.name,
      issuedAt: new Date(),
    };
    const files: Partial<DispatchReport> = {};
    const attempt = randomUUID().slice(0, 8);
    for (const format of ['xlsx', 'html'] as const) {
      const rendered = await this.renderer.render(snapshot, format, issuing);
      const key = `dispatch-reports/${report.id}-${attempt}.${format}`;
      await this.storage.put(key, rendered.buffer);
      const sha = createHash('sha256').update(rendered.buffer).digest('hex');
      if (format === 'xlsx') Object.assign(files, { xlsxKey: key, xlsxSha256: sha });
      else Object.assign(files, { htmlKey: key, htmlSha256: sha });
    }
    return this.transition(principal, snapshotId, 'issue', async (em, locked) => {
      check(locked);
      if (locked.version !== report.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          '签发过程中调度报告被修改，请刷新后重新签发',
          HttpStatus.CONFLICT,
        );
      Object.assign(locked, {
        status: issuing.status,
        issuedById: issuing.issuedById,
        issuedByName: issuing.issuedByName,
        issuedAt: issuing.issuedAt,
        ...files,
      });
      await this.webhooks.publish(
        WebhookEventType.ReportReady,
        locked.id,
        {
          reportId: locked.id,
          kind: 'dispatch_report',
          snapshotId,
          quarter: snapshot.quarter,
          snapshotVersion: snapshot.version,
          issuedAt: issuing.issuedAt?.toISOString() ?? null,
          download: `/api/v1/progress/snapshots/${snapshotId}/dispatch-report/download`,
        },
        em,
      );
    });
  }

  private async transition(
    principal: Principal,
    snapshotId: string,
    name: 'submit' | 'return' | 'issue',
    apply: (em: EntityManager, report: DispatchReport, snapshot: ProgressSnapshot) => Promise<void>,
  ): Promise<DispatchReportView> {
    this.assertCityWide(principal);
    const saved = await this.dataSource.transaction(async (em) => {
      const snapshot = await this.snapshot(snapshotId, em);
      const [report] = await this.lockOrCreate(em, snapshot);
      const before = audited(report);
      await apply(em, report, snapshot);
      const after = await em.getRepository(DispatchReport).save(report);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'dispatch_report',
        entityId: after.id,
        before,
        after: { ...audited(after), transition: name, reason: after.returnReason },
      });
      return after;
    });
    return this.view(principal, await this.snapshot(snapshotId), saved);
  }

  /** The issued file, byte for byte as issued (checked against its SHA-256 before it is served). */
  async download(
    principal: Principal,
    snapshotId: string,
    format: 'xlsx' | 'html',
  ): Promise<{ stream: Readable; fileName: string; contentType: string; sha256: string }> {
    this.assertCityWide(principal);
    const report = await this.dataSource.getRepository(DispatchReport).findOneBy({ snapshotId });
    if (!report || report.status !== DispatchReportStatus.Issued)
      throw new DispatchReportException(
        DispatchReportErrorCode.NotIssued,
        '调度报告尚未签发；签发前请用“生成报告”预览草稿',
        HttpStatus.CONFLICT,
      );
    const key = (format === 'xlsx' ? report.xlsxKey : report.htmlKey) as string;
    const sha = (format === 'xlsx' ? report.xlsxSha256 : report.htmlSha256) as string;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.open(key)) chunks.push(Buffer.from(chunk as Buffer));
    const bytes = Buffer.concat(chunks);
    if (createHash('sha256').update(bytes).digest('hex') !== sha)
      throw new DispatchReportException(
        DispatchReportErrorCode.Tampered,
        '签发文件与签发时的摘要不一致，已拒绝提供；请联系系统管理员从备份恢复',
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    const { Readable: ReadableStream } = await import('node:stream');
    return {
      stream: ReadableStream.from([bytes]),
      fileName: `季度调度报告-${report.quarter}-v${report.snapshotVersion}-签发.${format}`,
      contentType:
        format === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/html; charset=utf-8',
      sha256: sha,
    };
  }

  /** Issued and pending reports, newest quarter first. */
  async list(principal: Principal): Promise<DispatchReport[]> {
    this.assertCityWide(principal);
    return this.dataSource
      .getRepository(DispatchReport)
      .find({ order: { quarter: 'DESC', snapshotVersion: 'DESC' }, take: 200 });
  }
}
