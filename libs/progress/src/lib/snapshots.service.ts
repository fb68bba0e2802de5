import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, PageResult, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { AuditAction } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { ProgressSnapshot } from './progress.entities';
import { ProgressService } from './progress.service';
import { endedQuarters, nextQuarterStart, parseQuarter, quarterEnd, quarterName } from './quarter.util';

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
 * Quarterly snapshots (一季一调度): frozen at each quarter end by a scheduled job (BullMQ job scheduler on
 * Redis, an in-process timer in the embedded mode), idempotent per quarter, with missed quarters caught up
 * on start. A forced recompute keeps the old version.
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
  ) {}

  onModuleInit(): void {
    this.runner.register(SNAPSHOT_JOB, (context) => this.run(context));
  }

  /**
   * Arms the quarterly schedule and catches up now and whenever Redis comes back (a quarter end missed while
   * the server or Redis was down is made up; the catch-up is idempotent per quarter). Never waits for Redis.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.PROGRESS_SCHEDULER) return;
    await this.queue.schedule(
      { id: QUARTERLY_SCHEDULE, pattern: '5 0 1 1,4,7,10 *', tz: 'Asia/Shanghai', next: nextQuarterStart },
      () => this.catchUp().then(() => undefined),
      { catchUp: true },
    );
  }

  /** Queues a snapshot for every ended quarter that has none (deduplicated per quarter). */
  async catchUp(now = new Date()): Promise<JobRecord[]> {
    const first = parseQuarter(this.config.PROGRESS_FIRST_QUARTER);
    if (!first) return [];
    const have = new Set(
      (
        await this.dataSource.query<{ quarter: string }[]>(
          `SELECT DISTINCT quarter FROM progress_snapshot WHERE current`,
        )
      ).map((r) => r.quarter),
    );
    const jobs: JobRecord[] = [];
    for (const quarter of endedQuarters(first, now).map(quarterName)) {
      if (have.has(quarter)) continue;
      jobs.push(
        await this.queue.enqueue(
          SNAPSHOT_JOB,
          { quarter },
          {
            dedupeKey: `progress-snapshot:${quarter}`,
            dedupeInFlightOnly: true,
          },
        ),
      );
    }
    if (jobs.length) this.logger.log(`queued ${jobs.length} quarterly snapshot(s)`);
    return jobs;
  }

  /** An explicit recompute by an admin: keeps the old version, makes a new one current. */
  async recompute(quarter: string, reason: string): Promise<JobRecord> {
    this.assertEnded(quarter);
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
    return this.dataSource.transaction(async (em) => {
      // one writer per quarter at a time, across processes
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`progress-snapshot:${quarter}`]);
      const snapshots = em.getRepository(ProgressSnapshot);
      const existing = await snapshots.findOne({ where: { quarter, current: true } });
      if (existing && !force)
        return { snapshotId: existing.id, quarter, version: existing.version, created: false };
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
      return { snapshotId: snapshot.id, quarter, version: snapshot.version, created: true };
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
