import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { beijingDay, DomainException, PageResult, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { AuditAction, WebhookEventType } from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { DataSource, EntityManager } from 'typeorm';
import { ProgressSnapshot } from './progress.entities';
import { QuarterCloseKind, QuarterState, SnapshotComparison, SnapshotRef } from './progress.responses';
import { ProgressService } from './progress.service';
import {
  addDays,
  endedQuarters,
  nextDailyCheck,
  parseQuarter,
  previousQuarter,
  Quarter,
  quarterEnd,
  quarterName,
} from './quarter.util';

export interface SnapshotJobData {
  quarter: string;
  force?: boolean;
  reason?: string;
}

export interface SnapshotJobResult {
  snapshotId: string;
  quarter: string;
  version: number;
  created: boolean;
}

export const SNAPSHOT_JOB = defineJob<SnapshotJobData, SnapshotJobResult>(
  QueueName.Maintenance,
  'progress-snapshot',
  3,
);
export const QUARTERLY_SCHEDULE = 'quarterly-progress-snapshot';

const CITY: Principal = {
  kind: 'user',
  id: 'system',
  name: 'system',
  unitId: null,
  role: null,
  apiKeyScope: null,
  permissions: [],
  jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
  sectorCategories: [],
};

/**
 * Quarterly snapshots (一季一调度). A quarter is frozen only once it is closed: by the city (eco branch,
 * `approve`), or by itself PROGRESS_QUARTER_CLOSE_DAYS after its end if the platform was already live
 * when it ended — so a new or half-loaded database never freezes its past quarters. A daily check (BullMQ job
 * scheduler on Redis, an in-process timer in the embedded mode, and once on start) closes due quarters and
 * queues the missing snapshots, idempotently per quarter. A recompute adds a new version and keeps the old one;
 * comparisons always use the latest version of the previous quarter (docs/progress-time.md).
 */
@Injectable()
export class SnapshotsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SnapshotsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly queue: QueueService,
    private readonly progress: ProgressService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEvents,
  ) {}

  onModuleInit(): void {
    this.runner.register(SNAPSHOT_JOB, (context) => this.run(context));
  }

  /**
   * Arms the daily close check and runs it now and whenever Redis comes back (a check missed while the server
   * or Redis was down is made up; it is idempotent per quarter). Never waits for Redis.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.PROGRESS_SCHEDULER) return;
    await this.queue.schedule(
      { id: QUARTERLY_SCHEDULE, pattern: '5 0 * * *', tz: 'Asia/Shanghai', next: nextDailyCheck },
      () => this.catchUp().then(() => undefined),
      { catchUp: true },
    );
  }

  /** The Beijing day the platform went live (set by the migration; an emptied table starts again now). */
  private async liveSince(): Promise<string> {
    const read = () =>
      this.dataSource.query<{ live_since: Date }[]>(`SELECT live_since FROM progress_clock WHERE id = 1`);
    let [row] = await read();
    if (!row) {
      await this.dataSource.query(`INSERT INTO progress_clock (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
      [row] = await read();
    }
    return beijingDay(row.live_since);
  }

  /** The day a quarter closes itself, or null when it ended before the platform went live. */
  private autoCloseOn(quarter: string, liveSince: string): string | null {
    const end = quarterEnd(parseQuarter(quarter) as Quarter);
    return end >= liveSince ? addDays(end, Math.max(1, this.config.PROGRESS_QUARTER_CLOSE_DAYS)) : null;
  }

  /**
   * Closes the quarters that are due to close themselves and queues a snapshot for every closed quarter that
   * has none (deduplicated per quarter). Open quarters are left alone.
   */
  async catchUp(now = new Date()): Promise<JobRecord[]> {
    const first = parseQuarter(this.config.PROGRESS_FIRST_QUARTER);
    if (!first) return [];
    const today = beijingDay(now);
    const liveSince = await this.liveSince();
    const have = new Set(
      (
        await this.dataSource.query<{ quarter: string }[]>(
          `SELECT DISTINCT quarter FROM progress_snapshot WHERE current`,
        )
      ).map((r) => r.quarter),
    );
    const closed = new Set(
      (await this.dataSource.query<{ quarter: string }[]>(`SELECT quarter FROM progress_quarter_close`)).map(
        (r) => r.quarter,
      ),
    );
    const jobs: JobRecord[] = [];
    for (const quarter of endedQuarters(first, now).map(quarterName)) {
      if (have.has(quarter)) continue;
      if (!closed.has(quarter)) {
        const due = this.autoCloseOn(quarter, liveSince);
        if (!due || today < due) continue;
        await this.dataSource.transaction(async (em) => {
          const inserted = await em.query<{ quarter: string }[]>(
            `INSERT INTO progress_quarter_close (quarter, kind, closed_by, reason)
             VALUES ($1, 'auto', 'scheduler', $2) ON CONFLICT (quarter) DO NOTHING RETURNING quarter`,
            [quarter, `closed ${this.config.PROGRESS_QUARTER_CLOSE_DAYS} days after the quarter ended`],
          );
          if (inserted.length)
            await this.audit.record(em, {
              action: AuditAction.Create,
              entityType: 'progress_quarter',
              entityId: quarter,
              after: { quarter, kind: 'auto', closeDays: this.config.PROGRESS_QUARTER_CLOSE_DAYS },
            });
        });
      }
      // Two processes may catch up at once: the other's job for this quarter is either still in flight (take
      // it) or finished, and then its snapshot is visible (the job writes it in the transaction that completes
      // it), so look again before queueing a second run.
      const inFlight = await this.queue.findInFlight(`progress-snapshot:${quarter}`);
      if (inFlight) {
        jobs.push(inFlight);
        continue;
      }
      const [made] = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM progress_snapshot WHERE quarter = $1 AND current`,
        [quarter],
      );
      if (made) continue;
      jobs.push(await this.enqueueSnapshot(quarter));
    }
    if (jobs.length) this.logger.log(`queued ${jobs.length} quarterly snapshot(s)`);
    return jobs;
  }

  private enqueueSnapshot(quarter: string): Promise<JobRecord> {
    return this.queue.enqueue(
      SNAPSHOT_JOB,
      { quarter },
      { dedupeKey: `progress-snapshot:${quarter}`, dedupeInFlightOnly: true },
    );
  }

  /** Every ended quarter from PROGRESS_FIRST_QUARTER, newest first: open or closed, and its version in force. */
  async quarters(now = new Date()): Promise<QuarterState[]> {
    const first = parseQuarter(this.config.PROGRESS_FIRST_QUARTER);
    if (!first) return [];
    const liveSince = await this.liveSince();
    const closes = new Map(
      (
        await this.dataSource.query<
          {
            quarter: string;
            kind: QuarterCloseKind;
            closed_at: Date;
            closed_by: string;
            reason: string | null;
          }[]
        >(`SELECT quarter, kind, closed_at, closed_by, reason FROM progress_quarter_close`)
      ).map((r) => [r.quarter, r]),
    );
    const snapshots = new Map(
      (
        await this.dataSource.getRepository(ProgressSnapshot).find({
          where: { current: true },
          select: { id: true, quarter: true, version: true, createdAt: true },
        })
      ).map((s) => [s.quarter, s]),
    );
    return endedQuarters(first, now)
      .map(quarterName)
      .reverse()
      .map((quarter) => {
        const close = closes.get(quarter);
        const snapshot = snapshots.get(quarter);
        return {
          quarter,
          end: quarterEnd(parseQuarter(quarter) as Quarter),
          autoCloseOn: this.autoCloseOn(quarter, liveSince),
          closed: close
            ? { kind: close.kind, closedAt: close.closed_at, closedBy: close.closed_by, reason: close.reason }
            : null,
          snapshot: snapshot
            ? { id: snapshot.id, version: snapshot.version, createdAt: snapshot.createdAt }
            : null,
        };
      });
  }

  /**
   * The city closes an ended quarter: its snapshot (version 1) is frozen now. Closing twice is a 409; to
   * correct a closed quarter after a backfill, recompute it (a new version).
   */
  async close(
    principal: Principal,
    quarter: string,
    reason: string | null,
  ): Promise<{ quarter: QuarterState; job: JobRecord | null }> {
    this.assertEnded(quarter);
    await this.dataSource.transaction(async (em) => {
      const inserted = await em.query<{ quarter: string }[]>(
        `INSERT INTO progress_quarter_close (quarter, kind, closed_by, reason)
         VALUES ($1, 'city', $2, $3) ON CONFLICT (quarter) DO NOTHING RETURNING quarter`,
        [quarter, principal.name, reason],
      );
      if (!inserted.length)
        throw new DomainException(
          'QUARTER_CLOSED',
          `${quarter} is already closed; recompute it to take later data into account`,
          409,
          [{ field: 'quarter', message: `${quarter} is already closed` }],
        );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'progress_quarter',
        entityId: quarter,
        after: { quarter, kind: 'city', reason },
      });
    });
    // the close stands even if the queue is down: the next check (daily, on start, when Redis is back) makes it
    const job = await this.enqueueSnapshot(quarter).catch((error: unknown) => {
      this.logger.warn(`${quarter} closed; its snapshot waits for the queue: ${String(error)}`);
      return null;
    });
    const state = (await this.quarters()).find((q) => q.quarter === quarter) as QuarterState;
    return { quarter: state, job };
  }

  /** An explicit recompute of a closed quarter by an admin: keeps the old version, makes a new one current. */
  async recompute(quarter: string, reason: string): Promise<JobRecord> {
    this.assertEnded(quarter);
    const [closed] = await this.dataSource.query<{ quarter: string }[]>(
      `SELECT quarter FROM progress_quarter_close WHERE quarter = $1`,
      [quarter],
    );
    if (!closed)
      throw new DomainException('QUARTER_OPEN', `${quarter} is not closed yet; close it first`, 409, [
        { field: 'quarter', message: `${quarter} is not closed yet` },
      ]);
    return this.queue.enqueue(SNAPSHOT_JOB, { quarter, force: true, reason });
  }

  private assertEnded(quarter: string): void {
    const parsed = parseQuarter(quarter);
    if (!parsed) throw DomainException.invalid('quarter', 'quarter must look like 2024Q4');
    if (!endedQuarters(parsed, new Date()).length)
      throw DomainException.invalid('quarter', `${quarter} has not ended yet (Beijing time)`);
  }

  async run(context: JobContext<SnapshotJobData>): Promise<SnapshotJobResult> {
    const { quarter, force, reason } = context.data;
    const parsed = parseQuarter(quarter);
    if (!parsed) throw new Error(`bad quarter ${quarter}`);
    const asOf = quarterEnd(parsed);
    const repo = this.dataSource.getRepository(ProgressSnapshot);
    const current = await repo.findOne({ where: { quarter, current: true } });
    if (current && !force)
      return { snapshotId: current.id, quarter, version: current.version, created: false };
    // computed before the write transaction: on the embedded database every query shares one connection
    await context.updateProgress(10);
    const data = await this.build(asOf);
    await context.updateProgress(80);
    return context.transaction(async (em) => {
      // one writer per quarter at a time, across processes
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`progress-snapshot:${quarter}`]);
      const snapshots = em.getRepository(ProgressSnapshot);
      const existing = await snapshots.findOne({ where: { quarter, current: true } });
      if (existing && !force) {
        const result = { snapshotId: existing.id, quarter, version: existing.version, created: false };
        await context.completeIn(em, result);
        return result;
      }
      const [{ latest }] = await em.query<{ latest: number | null }[]>(
        `SELECT max(version) AS latest FROM progress_snapshot WHERE quarter = $1`,
        [quarter],
      );
      if (existing) await snapshots.update(existing.id, { current: false });
      const snapshot = await snapshots.save(
        snapshots.create({
          quarter,
          asOf,
          version: (latest ?? 0) + 1,
          current: true,
          data,
          reason: reason ?? null,
          createdBy: context.owner?.name ?? 'scheduler',
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'progress_snapshot',
        entityId: snapshot.id,
        after: { quarter, version: snapshot.version, reason: reason ?? null, replaced: existing?.id ?? null },
      });
      await this.webhooks.publish(
        WebhookEventType.SnapshotFrozen,
        snapshot.id,
        {
          snapshotId: snapshot.id,
          quarter,
          asOf,
          version: snapshot.version,
          replaced: existing?.id ?? null,
          reason: reason ?? null,
        },
        em,
      );
      const result = { snapshotId: snapshot.id, quarter, version: snapshot.version, created: true };
      // the snapshot and the job's completion commit together (a retry after a crash finds it done)
      await context.completeIn(em, result);
      return result;
    });
  }

  /** Everything the dispatch report needs, as of the quarter's last Beijing day. */
  private async build(asOf: string) {
    const progress = await this.progress.compute(CITY, asOf);
    const [forecast, overdue, ledgers] = await Promise.all([
      this.progress.forecast(CITY, asOf),
      this.progress.overdue(CITY, asOf, 500),
      this.progress.ledgerCounts(asOf),
    ]);
    return { progress, forecast, overdue, ledgers, computedAt: new Date().toISOString() };
  }

  async list(query: {
    limit?: number;
    offset?: number;
    all?: boolean;
  }): Promise<PageResult<ProgressSnapshot>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const [items, total] = await this.dataSource.getRepository(ProgressSnapshot).findAndCount({
      where: query.all ? {} : { current: true },
      order: { quarter: 'DESC', version: 'DESC' },
      select: {
        id: true,
        quarter: true,
        asOf: true,
        version: true,
        current: true,
        reason: true,
        createdBy: true,
        createdAt: true,
      },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /**
   * Which versions a quarter's report compares: this snapshot and the latest version of the previous quarter
   * (a recompute of either is picked up), with when each was computed.
   */
  async comparison(id: string): Promise<SnapshotComparison> {
    const repo = this.dataSource.getRepository(ProgressSnapshot);
    const snapshot = await repo.findOneBy({ id });
    if (!snapshot) throw DomainException.notFound('Snapshot', id);
    return { snapshot: this.ref(snapshot), previous: await this.previousOf(snapshot.quarter) };
  }

  /** The latest version of the quarter before `quarter`. */
  async previousOf(
    quarter: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SnapshotRef | null> {
    const previous = await em.getRepository(ProgressSnapshot).findOne({
      where: { quarter: quarterName(previousQuarter(parseQuarter(quarter) as Quarter)) },
      order: { version: 'DESC' },
    });
    return previous ? this.ref(previous) : null;
  }

  private ref(s: ProgressSnapshot): SnapshotRef {
    return {
      id: s.id,
      quarter: s.quarter,
      version: s.version,
      current: s.current,
      computedAt: s.createdAt,
      reason: s.reason,
    };
  }

  /** A snapshot; a township account sees its own township's and unit's rows, not other townships' detail. */
  async get(principal: Principal, id: string | 'latest'): Promise<ProgressSnapshot> {
    const repo = this.dataSource.getRepository(ProgressSnapshot);
    const snapshot =
      id === 'latest'
        ? await repo.findOne({ where: { current: true }, order: { quarter: 'DESC' } })
        : await repo.findOneBy({ id });
    if (!snapshot) throw DomainException.notFound('Snapshot', id);
    return principal.jurisdiction.cityWide
      ? snapshot
      : { ...snapshot, data: this.restrict(principal, snapshot.data) };
  }

  private restrict(principal: Principal, data: object): object {
    const own = (row: { dimension: string; key: string }) =>
      (row.dimension === 'township' && row.key === principal.jurisdiction.divisionId) ||
      (row.dimension === 'unit' && row.key === principal.unitId);
    const d = data as {
      progress: { groups: { dimension: string; key: string }[] };
      forecast: { rows: { dimension: string; key: string }[] };
      overdue: unknown;
    };
    return {
      ...d,
      progress: { ...d.progress, groups: d.progress.groups.filter(own) },
      forecast: { ...d.forecast, rows: d.forecast.rows.filter(own) },
      overdue: undefined,
    };
  }
}
