/** One component's state in a health report. */
export class HealthComponent {
  /** `up` or `down` */
  status: string;
  /** The database mode (`embedded` or `external`), for the database */
  mode?: string;
  /** The queue driver (`bullmq` or `inline`), for the queue */
  driver?: string;
}

/** A health report (Terminus shape): `status` ok or error, the components that are up and those that are not. */
export class HealthResponse {
  /** `ok` or `error` */
  status: string;
  /** The components that are up, by name */
  info?: Record<string, unknown>;
  /** The components that are down, by name */
  error?: Record<string, unknown>;
  /** Every component, by name */
  details: Record<string, unknown>;
  /** The API's version */
  version: string;
}

/** Readiness with the `database` and `queue` summaries earlier clients of `/health` read. */
export class ReadinessResponse extends HealthResponse {
  database: HealthComponent;
  queue: HealthComponent;
}
