import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { DEV_JWT_SECRET, isCommittedSecret } from './committed-secrets';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every configuration variable, parsed and validated once at boot.
 * `.env.example` documents each one; nothing else in the code reads `process.env`.
 */
export class AppConfig {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** PostgreSQL connection string; unset → embedded PGlite in DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Connection pool size for DATABASE_URL (the embedded database always uses 1; PGlite is one session). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** Folder for the embedded database, uploaded files and generated exports. */
  @IsString()
  DATA_DIR = '.data';

  /** `memory` keeps the embedded database in memory (tests); `file` persists it under DATA_DIR. */
  @IsEnum(['file', 'memory'])
  EMBEDDED_DB: 'file' | 'memory' = 'file';

  /**
   * A TCP port on 127.0.0.1 where operator tools (psql, pg_dump) reach the embedded database; unset = none
   * (the API itself uses a private Unix socket). Requires EMBEDDED_SOCKET_PASSWORD.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_SOCKET_PORT?: number;

  /** The password operator tools give on EMBEDDED_SOCKET_PORT (any user name). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'EMBEDDED_SOCKET_PASSWORD must be at least 12 characters' })
  EMBEDDED_SOCKET_PASSWORD?: string;

  /**
   * How long a request waits for a database connection before it answers 503 DATABASE_BUSY with
   * Retry-After (the embedded database has one connection, so this is a wait behind other work).
   */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(120_000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 10_000;

  /**
   * Spreadsheet imports write this many rows per transaction, so other requests get the database between
   * chunks; 0 = one transaction. Default: 200 on the embedded database (one connection for everyone),
   * 0 on PostgreSQL.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  IMPORT_CHUNK_ROWS?: number;

  /**
   * List totals: a count that took at least LIST_COUNT_SLOW_MS is kept for LIST_COUNT_CACHE_MS per filter and
   * answered from memory as `totalIsEstimate: true` until then (writes in this process clear it); 0 = always
   * count exactly. See docs/performance.md.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  LIST_COUNT_CACHE_MS = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  LIST_COUNT_SLOW_MS = 50;

  /**
   * How long a caller's identity and scope (user, roles, unit, division, API key) is reused across requests
   * in this process; changes made through this process clear it at once. 0 = read on every request.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  IDENTITY_CACHE_MS = 5_000;

  /** Redis for BullMQ; unset → jobs run in-process (inline driver). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Prefix of BullMQ keys, so several deployments (or test runs) can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'outfall';

  /** Run the queue processors in this process (set false on API nodes when a separate worker runs them). */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_WORKERS = true;

  /**
   * How long a runner's claim on a job lasts without renewal (renewed every third of it while the job runs);
   * a job whose runner stopped is taken over after it. Also BullMQ's lock duration and stalled-check interval.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(600_000)
  QUEUE_LEASE_MS = 30_000;

  /** How often the reconciler re-dispatches jobs the database says are unfinished but no queue holds. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  QUEUE_RECONCILE_INTERVAL_MS = 30_000;

  /** The worker process (`worker.js`): a port for its liveness/readiness endpoints; unset = none. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_HEALTH_PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_EXPIRES_IN_SECONDS = 3600;

  /**
   * The longest a signed-in session may last through renewals (`POST /auth/refresh`) before the password is
   * asked again, counted from the login.
   */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(2_592_000)
  SESSION_MAX_SECONDS = 43_200;

  /** Load demo (synthetic) data and demo users. Never allowed in production. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  DEMO_DATA?: boolean;

  @IsString()
  @MinLength(8)
  DEMO_PASSWORD = 'Demo@2023!';

  /** scrypt cost parameter N (a power of two); lower it only in tests. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  PASSWORD_HASH_COST = 16384;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  /** Requests per minute an API key may make unless the key sets its own `rateLimitPerMinute`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** After a rotation, how long the previous secret keeps working unless the rotation names a time. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90 * 24 * 3600)
  API_KEY_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

  /** Attempts per webhook delivery (the first one included) before it is marked failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Backoff before retry n is WEBHOOK_BACKOFF_BASE_MS * 2^(n-1), capped at WEBHOOK_BACKOFF_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_BACKOFF_BASE_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_BACKOFF_MAX_MS = 6 * 3600_000;

  /** Consecutive failed attempts (across deliveries) after which a subscription is disabled with a notice. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_FAILURES = 20;

  /** How long a receiver may take to answer one delivery. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** How often due deliveries are swept into the queue (a safety net: deliveries are queued at once too). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_SWEEP_INTERVAL_MS = 15_000;

  /**
   * Whether subscriptions may target loopback, private and link-local addresses. Off in production (SSRF);
   * development and tests turn it on to reach a receiver on localhost.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** Largest accepted JSON body (express `limit` syntax). */
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 2mb' })
  BODY_LIMIT = '2mb';

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATIONS_RUN = true;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  GRAPHQL_MAX_DEPTH = 8;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 2000;

  /** Extra cost of each Query/Mutation field selection (aliases included): each runs its own resolver. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  GRAPHQL_ROOT_FIELD_COST = 50;

  /** Root resolvers of one GraphQL operation that run at the same time (database connections it may hold). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  GRAPHQL_ROOT_CONCURRENCY = 2;

  /** A GraphQL operation starts no further resolver after this long (ms) and answers 503 OPERATION_TIMEOUT. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  GRAPHQL_TIMEOUT_MS = 15_000;

  /** PostgreSQL statement_timeout (ms) of the API's connections; 0 = none. Not applied to the embedded database. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 120_000;

  /** The built admin SPA served at `/` (skipped when the folder has no index.html). */
  @IsString()
  SPA_DIR = 'dist/apps/admin';

  /**
   * The public portal's address (no trailing slash): an outfall's sign carries the QR code
   * `${PUBLIC_BASE_URL}/o/<outfall code>`, its public page.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*[^\s/])?$/, {
    message:
      'PUBLIC_BASE_URL must be an http(s) address without a trailing slash, e.g. https://outfalls.example.gov.cn',
  })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Seconds a public-portal response is kept in the in-process cache and announced as `max-age`. 0 = no cache. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  PUBLIC_CACHE_TTL_SECONDS = 30;

  /** Requests per client address and window to the public API (/api/v1/public/*, public GraphQL queries). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  PUBLIC_RATE_WINDOW_SECONDS = 60;

  /**
   * Uncached public work per second across all addresses (REST cache misses and public GraphQL; a token bucket,
   * burst of one second): the public side's share of the process, so that a burst never slows the console.
   * Cached answers do not count (the fast path sends them from memory). 0 = no global cap.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUBLIC_GLOBAL_RATE_LIMIT = 100;

  /**
   * The map's basemap: an XYZ tile URL template (`{x}`, `{y}`, `{z}`, e.g. 天地图 WMTS in KVP form with its key,
   * `…/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`).
   * Unset: no basemap, the map draws the vector layers only (works offline). Given to signed-in users only.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'MAP_BASEMAP_URL must be an http(s) URL template' })
  MAP_BASEMAP_URL?: string;

  /** The basemap's attribution line (e.g. 天地图 ©国家地理信息公共服务平台). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MAP_BASEMAP_ATTRIBUTION?: string;

  /** Outfalls within this distance (m) of a key river's shoreline or centre line are in the key area. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  KEY_AREA_DISTANCE_M = 1000;

  /** Outfalls on the same water within this distance (m) are suspected duplicates. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DUPLICATE_DISTANCE_M = 30;

  /** An outfall is linked to the nearest section (河段) of its water body within this distance (m). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RIVER_SECTION_LINK_DISTANCE_M = 500;

  /** Small aquaculture outfalls with two others on the same water within this distance (m) are a cluster. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AQUACULTURE_CLUSTER_DISTANCE_M = 500;

  /** Candidate sources (部门基础清单 items) within this distance (m) of an outfall are shown for tracing. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOURCE_CANDIDATE_DISTANCE_M = 2000;

  /** Remediation rate numerator: outfalls whose remediation is `completed` (claimed) or `verified` (closed). */
  @IsEnum(['completed', 'verified'], { message: 'PROGRESS_REMEDIATION_COUNTS must be completed or verified' })
  PROGRESS_REMEDIATION_COUNTS: 'completed' | 'verified' = 'completed';

  /**
   * Freeze the progress snapshot of each closed quarter (closed by the city, or by itself
   * PROGRESS_QUARTER_CLOSE_DAYS after its end if the platform was live then); checked daily and on start.
   */
  @Transform(toBool)
  @IsBoolean()
  PROGRESS_SCHEDULER = true;

  /** The first quarter snapshots are kept for (the plan dates from August 2023). */
  @Matches(/^\d{4}Q[1-4]$/, { message: 'PROGRESS_FIRST_QUARTER must look like 2023Q3' })
  PROGRESS_FIRST_QUARTER = '2023Q3';

  /** A quarter that ended while the platform was live closes itself this many days after its end (Beijing). */
  @Transform(toInt)
  @IsInt({ message: 'PROGRESS_QUARTER_CLOSE_DAYS must be a whole number of days' })
  @Min(0)
  @Max(366)
  PROGRESS_QUARTER_CLOSE_DAYS = 15;

  /** A discharge permit is flagged as expiring this many days before its last valid day (Beijing days). */
  @Transform(toInt)
  @IsInt({ message: 'PERMIT_EXPIRING_DAYS must be a whole number of days' })
  @Min(1)
  @Max(3660)
  PERMIT_EXPIRING_DAYS = 90;

  /**
   * Self-monitoring and scheduled samples are due this many days after their period ends: a sample of the
   * period entered later (and after the duty was registered) makes the finding "received late".
   */
  @Transform(toInt)
  @IsInt({ message: 'MONITORING_DUE_DAYS must be a whole number of days' })
  @Min(0)
  @Max(366)
  MONITORING_DUE_DAYS = 15;

  /** Chronic exceedance: an outfall is flagged when at least N of its last M samples exceed (N here). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CHRONIC_EXCEEDANCE_COUNT = 3;

  /** Chronic exceedance: how many of the latest samples are looked at (M). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  CHRONIC_EXCEEDANCE_WINDOW = 5;

  /** The city's extent (minLon,minLat,maxLon,maxLat, WGS84): outfall locations must lie inside. */
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'CITY_BBOX must be minLon,minLat,maxLon,maxLat' })
  CITY_BBOX = '86.40,43.00,87.90,45.30';

  /** Public reports (举报): proof-of-work difficulty, in leading zero bits of sha256(challenge + nonce). */
  @Transform(toInt)
  @IsInt({ message: 'PUBLIC_REPORT_POW_BITS must be a whole number of bits' })
  @Min(0)
  @Max(28)
  PUBLIC_REPORT_POW_BITS = 16;

  /** Public reports: how long a proof-of-work challenge may be answered (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  PUBLIC_REPORT_POW_TTL_SECONDS = 600;

  /** Public reports: submissions per client address per window (PUBLIC_REPORT_RATE_WINDOW_SECONDS). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_REPORT_RATE_LIMIT = 5;

  /** Public reports: challenge and tracking requests per client address per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_REPORT_READ_RATE_LIMIT = 60;

  /** Public reports: the rate-limit window (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_REPORT_RATE_WINDOW_SECONDS = 3600;

  /** Public reports: default response deadline after assignment (Beijing days). */
  @Transform(toInt)
  @IsInt({ message: 'PUBLIC_REPORT_DUE_DAYS must be a whole number of days' })
  @Min(1)
  @Max(366)
  PUBLIC_REPORT_DUE_DAYS = 15;

  /** Public reports: outfalls and open reports within this distance (metres) are shown as candidates. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  PUBLIC_REPORT_CANDIDATE_METERS = 500;

  /** Local outfall code pattern: {water} {category} {division} and {seq:N} (zero-padded sequence). */
  @Matches(/\{seq(:\d)?\}/, { message: 'OUTFALL_CODE_PATTERN must contain {seq} or {seq:N}' })
  OUTFALL_CODE_PATTERN = '{water}-{category}-{seq:4}';

  @IsEnum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json`: one JSON object a line (pino; the default, for log collectors); `pretty`: plain lines for a terminal. */
  @IsEnum(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  /** A request that takes at least this long (ms) is logged as a slow request (warn); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SLOW_REQUEST_MS = 1000;

  /** A database query that takes longer than this (ms) is logged as a slow query (warn); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SLOW_QUERY_MS = 500;

  /**
   * Bearer token for the Prometheus endpoint `GET /metrics` (and the worker's, on WORKER_HEALTH_PORT).
   * Unset: the endpoint answers 404 (metrics are off).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * TCP port of the HJ 212-2017 listener (online monitoring stations push their data there); unset = off.
   * Started by the API process, not the worker.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  HJ212_PORT?: number;

  /** The address the HJ 212 listener binds. */
  @IsString()
  HJ212_HOST = '0.0.0.0';

  /** Stations connected at once; further connections are refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  HJ212_MAX_CONNECTIONS = 200;

  /** A connection silent this long (ms) is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HJ212_IDLE_TIMEOUT_MS = 600_000;

  /** Largest data segment accepted (bytes; the length field allows at most 9999). */
  @Transform(toInt)
  @IsInt()
  @Min(64)
  @Max(9999)
  HJ212_MAX_PACKET_BYTES = 4096;

  /** A connection is closed after this many bad (framing, CRC) or refused packets. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  HJ212_MAX_ERRORS_PER_CONNECTION = 20;

  /**
   * Pollutant codes over the default table (w01018=cod, w21003=nh3n, w21011=tp, w21001=tn, w01001=ph,
   * w01010=temperature, w00000=flow*86.4): `code=indicator` or `code=indicator*factor`, comma-separated;
   * `code=` drops a code.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*([A-Za-z0-9]{1,16}=[a-z0-9_]{0,32}(\*\d+(\.\d+)?)?\s*(,\s*|$))*$/, {
    message: 'HJ212_POLLUTANT_CODES must be a comma list of code=indicator or code=indicator*factor',
  })
  HJ212_POLLUTANT_CODES?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === NodeEnv.Production;
  }

  get demoData(): boolean {
    return this.DEMO_DATA ?? !this.isProduction;
  }

  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEV_JWT_SECRET;
  }

  get cityBbox(): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
    const [minLon, minLat, maxLon, maxLat] = this.CITY_BBOX.split(',').map(Number);
    return { minLon, minLat, maxLon, maxLat };
  }

  get embedded(): boolean {
    return !this.DATABASE_URL;
  }

  /** Rows per import transaction, or undefined for one transaction (see IMPORT_CHUNK_ROWS). */
  get importChunkRows(): number | undefined {
    return (this.IMPORT_CHUNK_ROWS ?? (this.embedded ? 200 : 0)) || undefined;
  }
}

export class ConfigValidationError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'DEMO_DATA',
    'WORKER_HEALTH_PORT',
    'EMBEDDED_SOCKET_PORT',
    'EMBEDDED_SOCKET_PASSWORD',
    'IMPORT_CHUNK_ROWS',
    'METRICS_TOKEN',
    'HJ212_PORT',
    'HJ212_POLLUTANT_CODES',
  ]) {
    const value = env[key];
    if (value !== undefined) raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.isProduction && !config.JWT_SECRET)
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (config.isProduction && config.JWT_SECRET) {
    // bytes, not characters: a short secret in a multi-byte script is still short
    if (Buffer.byteLength(config.JWT_SECRET, 'utf8') < 32)
      problems.push('JWT_SECRET must be at least 32 bytes when NODE_ENV=production');
    if (isCommittedSecret(config.JWT_SECRET))
      problems.push(
        'JWT_SECRET is a value committed in the repository (public); generate your own, e.g. `openssl rand -base64 48`',
      );
  }
  if (config.isProduction && config.DEMO_DATA)
    problems.push('DEMO_DATA cannot be enabled when NODE_ENV=production');
  if (config.CHRONIC_EXCEEDANCE_COUNT > config.CHRONIC_EXCEEDANCE_WINDOW)
    problems.push('CHRONIC_EXCEEDANCE_COUNT cannot exceed CHRONIC_EXCEEDANCE_WINDOW');
  if (config.EMBEDDED_SOCKET_PORT && !config.EMBEDDED_SOCKET_PASSWORD)
    problems.push(
      'EMBEDDED_SOCKET_PORT needs EMBEDDED_SOCKET_PASSWORD (operator tools must give a password)',
    );
  if (problems.length) throw new ConfigValidationError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return Object.freeze(config);
}
