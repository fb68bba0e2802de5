import type { Connection, PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/**
 * One row of `selectBytes`: each column's value as PostgreSQL's binary send format gives it (`text`, `json`:
 * the UTF-8 bytes; `int4`: 4 bytes big-endian), or null.
 */
export type ByteRow = (Buffer | null)[];

/**
 * `value` as an SQL literal that PostgreSQL reads as it reads the same value sent as an untyped parameter (text
 * whose type comes from where it stands), or undefined when it cannot be written so: a value other than a
 * string, a finite number, a boolean or null, or a string with NUL (which would end the statement's text).
 */
export function sqlLiteral(value: unknown): string | undefined {
  if (value === null) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return undefined;
  if (text.includes('\u0000')) return undefined;
  // as node-postgres's escapeLiteral: quotes doubled, and an E'' string with backslashes doubled when there
  // are any (whatever standard_conforming_strings is)
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/**
 * `sql` with each `$1`… placeholder replaced by its parameter as a literal (`sqlLiteral`), or undefined when a
 * parameter cannot be written as one. For statements whose text holds no `$n` other than placeholders (no
 * string literal or identifier spelt with one).
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of parameters) {
    const literal = sqlLiteral(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  let missing = false;
  const text = sql.replace(/\$(\d+)(?!\d)/g, (placeholder, n: string) => {
    const literal = literals[Number(n) - 1];
    if (literal === undefined) missing = true;
    return literal ?? placeholder;
  });
  if (missing) throw new Error('inlineParameters: a placeholder has no parameter');
  return text;
}

/** The signature that opens a binary COPY stream (`PGCOPY\n\377\r\n\0`). */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows of a binary `COPY … TO STDOUT` as it arrives, one CopyData message at a time (the server sends each row in
 * one message; the header comes before the first row, the trailer `-1` last). Each value is copied out of the
 * message (node-postgres's parser may reuse the memory a message lies in once the next socket chunk arrives).
 */
export class BinaryCopyReader {
  readonly rows: ByteRow[] = [];
  private header = false;
  private ended = false;

  push(message: Buffer): void {
    let at = 0;
    if (!this.header) {
      if (message.length < 19 || !message.subarray(0, 11).equals(COPY_SIGNATURE))
        throw new Error('binary COPY: no header');
      at = 19 + message.readInt32BE(15);
      this.header = true;
    }
    while (at < message.length) {
      if (this.ended) throw new Error('binary COPY: data after the trailer');
      const columns = message.readInt16BE(at);
      at += 2;
      if (columns === -1) {
        this.ended = true;
        continue;
      }
      const row: ByteRow = new Array<Buffer | null>(columns);
      for (let i = 0; i < columns; i++) {
        const length = message.readInt32BE(at);
        at += 4;
        if (length === -1) row[i] = null;
        else {
          if (at + length > message.length) throw new Error('binary COPY: a row spans messages');
          row[i] = Buffer.from(message.subarray(at, at + length));
          at += length;
        }
      }
      this.rows.push(row);
    }
  }

  /** The rows, once the trailer came. */
  finish(): ByteRow[] {
    if (!this.ended) throw new Error('binary COPY: no trailer');
    return this.rows;
  }
}

/** A reply handler that has nothing to do. */
const ignore = (): void => undefined;

/**
 * A `COPY (…) TO STDOUT (FORMAT binary)` submitted to a node-postgres client (the simple protocol: no
 * parameters); calls `callback` once, with the rows or the error. CopyData messages are the one reply pg gives
 * as bytes: a row's text values never become JS strings.
 */
class CopyOutQuery {
  private readonly reader = new BinaryCopyReader();
  private failure?: Error;
  private settled = false;
  callback?: (error: Error | null, rows?: ByteRow[]) => void;

  constructor(readonly text: string) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure) return;
    try {
      this.reader.push(message.chunk);
    } catch (error) {
      this.failure = error as Error;
    }
  }

  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    if (this.failure) return this.settle(this.failure);
    let rows: ByteRow[];
    try {
      rows = this.reader.finish();
    } catch (error) {
      return this.settle(error as Error);
    }
    this.settle(null, rows);
  }

  // the other replies pg passes on carry nothing needed (a COPY TO gets CommandComplete; CopyOutResponse and
  // CopyDone are not passed on; the rest would answer other statements)
  readonly handleCommandComplete = ignore;
  readonly handleRowDescription = ignore;
  readonly handleDataRow = ignore;
  readonly handleEmptyQuery = ignore;
  readonly handlePortalSuspended = ignore;
  readonly handleCopyInResponse = ignore;

  private settle(error: Error | null, rows?: ByteRow[]): void {
    if (this.settled) return;
    this.settled = true;
    this.callback?.(error, rows);
  }
}

/** Per data source: whether it is PostgreSQL proper (COPY TO STDOUT), not PGlite behind its socket. */
const copyOutProbes = new WeakMap<DataSource, Promise<boolean>>();

/** Whether `dataSource` answers `COPY … TO STDOUT`: PostgreSQL, not the embedded PGlite (asked once). */
export function copyOutSupported(dataSource: DataSource): Promise<boolean> {
  let probe = copyOutProbes.get(dataSource);
  if (!probe) {
    probe = dataSource
      .query<{ version: string }[]>('SELECT version()')
      .then(([row]) => !/pglite|emscripten/i.test(row.version));
    // a failed probe is asked again next time
    probe.catch(() => copyOutProbes.delete(dataSource));
    copyOutProbes.set(dataSource, probe);
  }
  return probe;
}

/**
 * The rows of `sql` (one SELECT, `$n` placeholders with `parameters`) with every value as bytes, never decoded
 * into a JS string: run as a binary `COPY (…) TO STDOUT` on a pooled connection, the parameters written as
 * literals. For large JSON text answered as it is (node-postgres decodes every value of a row into a string, and
 * the reply would encode it back). Returns undefined, having run nothing, when the database has no COPY TO
 * STDOUT (the embedded PGlite) or a parameter cannot be a literal (`sqlLiteral`): the caller runs `sql` as usual.
 * Errors come as TypeORM's `QueryFailedError` of `sql` (never the text with the values: they are not logged).
 */
export async function selectBytes(
  dataSource: DataSource,
  sql: string,
  parameters: readonly unknown[],
): Promise<ByteRow[] | undefined> {
  if (!(await copyOutSupported(dataSource))) return undefined;
  const inlined = inlineParameters(sql, parameters);
  if (inlined === undefined) return undefined;
  const runner = dataSource.createQueryRunner('master');
  try {
    const client = (await runner.connect()) as PoolClient;
    const started = Date.now();
    try {
      // the callback as `query`'s second argument, as pg takes it for a submittable (so wrappers of
      // Client#query, such as the bench's SQL profiler, see the statement end)
      const submit = client.query.bind(client) as unknown as (
        query: CopyOutQuery,
        callback: NonNullable<CopyOutQuery['callback']>,
      ) => void;
      const rows = await new Promise<ByteRow[]>((resolve, reject) => {
        submit(new CopyOutQuery(`COPY (${inlined}) TO STDOUT (FORMAT binary)`), (error, result) =>
          error ? reject(error) : resolve(result ?? []),
        );
      });
      const elapsed = Date.now() - started;
      const slow = dataSource.options.maxQueryExecutionTime;
      if (slow && elapsed > slow) dataSource.logger.logQuerySlow(elapsed, sql, [...parameters], runner);
      return rows;
    } catch (error) {
      dataSource.logger.logQueryError(error as Error, sql, [...parameters], runner);
      throw new QueryFailedError(sql, [...parameters], error as Error);
    }
  } finally {
    await runner.release();
  }
}
