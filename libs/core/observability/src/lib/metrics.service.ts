import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import { DatabaseLogger } from '@outfall/database';
import { JobAttemptEvent, JobRunner, QueueName } from '@outfall/queue';
import type { Pool, PoolClient } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_BUCKETS = [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
const ACQUIRE_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A scrape never waits longer than this for the job-record counts (the embedded database may be busy). */
const QUEUE_QUERY_TIMEOUT_MS = 2000;

interface QueueRow {
  queue: string;
  waiting: number;
  delayed: number;
  active: number;
  oldest_waiting_s: number;
  oldest_active_s: number;
}

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, release: () => void) => void;

/**
 * The Prometheus metrics of this process (prom-client, on its own registry): HTTP latency per route template,
 * job attempts (durations, outcomes, failures), queue depth and oldest-job age per queue (from the job
 * records, the source of truth, so every process reports the same), database pool waits (for the embedded
 * database: the wait for its one session), slow requests and queries, and Node's process metrics.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly database: 'embedded' | 'postgresql';

  readonly httpDuration = new Histogram({
    name: 'outfall_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status class (2xx, 4xx, …)',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly slowRequests = new Counter({
    name: 'outfall_http_slow_requests_total',
    help: 'Requests that took at least SLOW_REQUEST_MS',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'outfall_job_duration_seconds',
    help: 'Duration of job attempts run by this process, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly jobAttempts = new Counter({
    name: 'outfall_job_attempts_total',
    help: 'Job attempts run by this process, by outcome (completed, failed, retry, lost, error)',
    labelNames: ['queue', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly jobFailures = new Counter({
    name: 'outfall_job_failures_total',
    help: 'Failed job attempts run by this process (failed for good, to be retried, or a runner error)',
    labelNames: ['queue', 'name'] as const,
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'outfall_queue_jobs',
    help: 'Unfinished jobs per queue from the job records: waiting (due), delayed (not yet due), active',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly queueOldest = new Gauge({
    name: 'outfall_queue_oldest_job_age_seconds',
    help: 'Age of the oldest due waiting job (since it became due) and of the longest-running active job',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly queueScrapeErrors = new Counter({
    name: 'outfall_queue_metrics_errors_total',
    help: 'Scrapes whose job-record counts could not be read (database unavailable or busy)',
    registers: [this.registry],
  });

  private readonly poolAcquire = new Histogram({
    name: 'outfall_db_pool_acquire_seconds',
    help:
      'Time waiting for a database connection from the pool; database="embedded": the wait for the ' +
      "embedded database's one session",
    labelNames: ['database'] as const,
    buckets: ACQUIRE_BUCKETS,
    registers: [this.registry],
  });

  private readonly poolWaiting = new Gauge({
    name: 'outfall_db_pool_waiting',
    help: 'Queries and transactions waiting for a pooled database connection right now',
    labelNames: ['database'] as const,
    registers: [this.registry],
  });

  private readonly poolConnections = new Gauge({
    name: 'outfall_db_pool_connections',
    help: 'Pooled database connections (total, idle)',
    labelNames: ['database', 'state'] as const,
    registers: [this.registry],
  });

  private readonly slowQueries = new Counter({
    name: 'outfall_db_slow_queries_total',
    help: 'Queries that took longer than SLOW_QUERY_MS',
    labelNames: ['database'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly config: AppConfig,
  ) {
    this.database = config.embedded ? 'embedded' : 'postgresql';
    collectDefaultMetrics({ register: this.registry, prefix: 'outfall_' });
  }

  onModuleInit(): void {
    this.runner.observe((event) => this.recordJob(event));
    if (this.dataSource.logger instanceof DatabaseLogger) {
      this.dataSource.logger.onSlowQuery = () => this.slowQueries.inc({ database: this.database });
    }
    this.instrumentPool();
  }

  /** The Prometheus text exposition, with the queue and pool gauges read now. */
  async render(): Promise<{ contentType: string; body: string }> {
    await this.refreshQueueGauges();
    this.refreshPoolGauges();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  recordRequest(method: string, route: string, status: number, seconds: number, slow: boolean): void {
    this.httpDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    if (slow) this.slowRequests.inc({ method, route });
  }

  private recordJob(event: JobAttemptEvent): void {
    const labels = { queue: event.queue, name: event.name, outcome: event.outcome };
    this.jobDuration.observe(labels, event.durationMs / 1000);
    this.jobAttempts.inc(labels);
    if (event.outcome === 'failed' || event.outcome === 'retry' || event.outcome === 'error') {
      this.jobFailures.inc({ queue: event.queue, name: event.name });
    }
  }

  private get pool(): Pool | undefined {
    return (this.dataSource.driver as unknown as { master?: Pool }).master;
  }

  /**
   * Times every connection checkout (TypeORM takes one per query outside a transaction, and one for a whole
   * transaction): with a pool of one (the embedded database) it is the wait for the database itself.
   */
  private instrumentPool(): void {
    const pool = this.pool;
    if (!pool || (pool as { __outfallTimed?: boolean }).__outfallTimed) return;
    (pool as { __outfallTimed?: boolean }).__outfallTimed = true;
    const connect = pool.connect.bind(pool) as (
      callback?: ConnectCallback,
    ) => Promise<PoolClient> | undefined;
    const observe = (started: number) =>
      this.poolAcquire.observe({ database: this.database }, (performance.now() - started) / 1000);
    (pool as { connect: unknown }).connect = (callback?: ConnectCallback) => {
      const started = performance.now();
      if (callback) {
        return connect((err, client, release) => {
          observe(started);
          callback(err, client, release);
        });
      }
      return (connect() as Promise<PoolClient>).finally(() => observe(started));
    };
  }

  private refreshPoolGauges(): void {
    const pool = this.pool;
    if (!pool) return;
    this.poolWaiting.set({ database: this.database }, pool.waitingCount);
    this.poolConnections.set({ database: this.database, state: 'total' }, pool.totalCount);
    this.poolConnections.set({ database: this.database, state: 'idle' }, pool.idleCount);
  }

  private async refreshQueueGauges(): Promise<void> {
    let rows: QueueRow[];
    try {
      rows = await withTimeout(
        this.dataSource.query<QueueRow[]>(
          `SELECT queue,
                  count(*) FILTER (WHERE state = 'waiting' AND (not_before IS NULL OR not_before <= now()))::int
                    AS waiting,
                  count(*) FILTER (WHERE state = 'waiting' AND not_before > now())::int AS delayed,
                  count(*) FILTER (WHERE state = 'active')::int AS active,
                  COALESCE(EXTRACT(EPOCH FROM now() - min(COALESCE(not_before, created_at))
                    FILTER (WHERE state = 'waiting' AND (not_before IS NULL OR not_before <= now()))), 0)::float8
                    AS oldest_waiting_s,
                  COALESCE(EXTRACT(EPOCH FROM now() - min(started_at) FILTER (WHERE state = 'active')), 0)::float8
                    AS oldest_active_s
             FROM job_record
            WHERE state IN ('waiting', 'active')
            GROUP BY queue`,
        ),
        QUEUE_QUERY_TIMEOUT_MS,
      );
    } catch (error) {
      this.queueScrapeErrors.inc();
      this.logger.warn(`queue metrics not read: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.queueJobs.reset();
    this.queueOldest.reset();
    const byQueue = new Map(rows.map((row) => [row.queue, row]));
    for (const queue of new Set<string>([...Object.values(QueueName), ...byQueue.keys()])) {
      const row = byQueue.get(queue);
      this.queueJobs.set({ queue, state: 'waiting' }, row?.waiting ?? 0);
      this.queueJobs.set({ queue, state: 'delayed' }, row?.delayed ?? 0);
      this.queueJobs.set({ queue, state: 'active' }, row?.active ?? 0);
      this.queueOldest.set({ queue, state: 'waiting' }, Math.max(0, row?.oldest_waiting_s ?? 0));
      this.queueOldest.set({ queue, state: 'active' }, Math.max(0, row?.oldest_active_s ?? 0));
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
