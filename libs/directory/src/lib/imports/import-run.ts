import type { FieldError, FileStorage } from '@outfall/common';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { ParsedSheet, readSpreadsheet, SheetRow, SpreadsheetError } from './spreadsheet.util';

export enum ImportMode {
  AllOrNothing = 'all_or_nothing',
  ValidOnly = 'valid_only',
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportJobData {
  storageKey: string;
  fileName: string;
  mode: ImportMode;
}

export interface ImportJobResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  committed: boolean;
  errors: RowError[];
  /** Where the time went (the set-based outfall import: stage, validate, apply) and each phase's peak RSS (`…PeakRssMb`), for the operator. */
  timingsMs?: Record<string, number>;
}

export const MAX_IMPORT_ROWS = 50_000;

/**
 * A refused import (unreadable file, no header row, missing columns, no rows, too many rows): every import
 * kind throws it, so the job fails with the reason (the job's error) and writes nothing.
 */
export class ImportRefusedError extends Error {}
const MAX_REPORTED_ERRORS = 1000;
/** The longest a chunked import holds the connection before it lets other requests have it. */
const CHUNK_MS = 200;
/** Between chunks, the import waits (up to YIELD_MAX_MS) until no request has waited for a connection for YIELD_QUIET_MS. */
const YIELD_QUIET_MS = 30;
/** Ids per transaction when an import's derived facts are recomputed after its rows. */
const FINISH_CHUNK_IDS = 20;
const YIELD_MAX_MS = 300;

/**
 * Lets the requests waiting for a pooled connection go first: a request often needs the connection several
 * times in a row (the caller's account, the page, the count), and would otherwise wait behind a chunk each time.
 */
export async function yieldToRequests(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as unknown as { master?: { waitingCount?: number } }).master;
  const until = Date.now() + YIELD_MAX_MS;
  let quietSince = Date.now();
  await new Promise((done) => setImmediate(done));
  while (Date.now() < until) {
    if ((pool?.waitingCount ?? 0) > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= YIELD_QUIET_MS) return;
    await new Promise((done) => setTimeout(done, 5));
  }
}

class Rollback extends Error {}

/**
 * One spreadsheet import: reads the stored file, runs the rows (in one transaction, or in short ones on the
 * embedded database) and keeps the tally.
 * All-or-nothing rolls everything back when any row was rejected; valid-only keeps the good rows.
 */
export class ImportRun {
  readonly result: ImportJobResult;

  constructor(private readonly data: ImportJobData) {
    this.result = {
      mode: data.mode,
      rows: 0,
      created: 0,
      updated: 0,
      rejected: 0,
      committed: false,
      errors: [],
    };
  }

  report(error: RowError): void {
    if (this.result.errors.length < MAX_REPORTED_ERRORS) this.result.errors.push(error);
  }

  /**
   * The rows (`readSpreadsheet`: an XLSX is read in the reader worker, off the event loop). A file that cannot
   * be imported (unreadable, no header row, missing columns, no rows, too many rows) is refused:
   * `ImportRefusedError` with the reason, which fails the job (never "completed").
   */
  async load(
    storage: FileStorage,
    anchor: string,
    columns: { header: string; required: boolean }[],
  ): Promise<ParsedSheet> {
    let sheet: ParsedSheet;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of (await storage.open(this.data.storageKey)) as Readable)
        chunks.push(chunk as Buffer);
      sheet = await readSpreadsheet(
        Buffer.concat(chunks),
        this.data.fileName,
        anchor,
        MAX_IMPORT_ROWS,
        columns.map((c) => c.header),
      );
    } catch (error) {
      if (!(error instanceof SpreadsheetError)) throw error;
      throw new ImportRefusedError(error.message);
    }
    this.result.rows = sheet.rows.length;
    const missing = columns
      .filter((c) => c.required && !sheet.headers.includes(c.header))
      .map((c) => c.header);
    if (missing.length)
      throw new ImportRefusedError(
        `文件缺少必填列：${missing.join('、')} / missing columns: ${missing.join(', ')}`,
      );
    return sheet;
  }

  /**
   * Runs `handleRow` for each row (its field errors reject the row), then `finish` over the ids the rows
   * touched. With PostgreSQL (`chunkSize` unset): one transaction. With the embedded database, which has one
   * connection for everyone, `chunkSize` rows per short transaction so other users' requests get the
   * connection between chunks: all-or-nothing first checks every row in chunks that are rolled back and
   * writes only when none is rejected; `finish` also runs in chunks, after every row is committed.
   */
  async write(
    dataSource: DataSource,
    rows: SheetRow[],
    handleRow: (em: EntityManager, row: SheetRow) => Promise<FieldError[]>,
    progress: (percent: number) => Promise<void>,
    finish?: ImportFinish | ((em: EntityManager) => Promise<void>),
    chunkSize?: number,
  ): Promise<ImportJobResult> {
    if (chunkSize && typeof finish !== 'function') {
      return this.writeInChunks(dataSource, rows, handleRow, progress, chunkSize, finish);
    }
    try {
      await dataSource.transaction(async (em) => {
        let done = 0;
        for (const row of rows) {
          const errors = await handleRow(em, row);
          errors.forEach((e) => this.report({ row: row.row, ...e }));
          if (errors.length) this.result.rejected++;
          if (++done % 100 === 0) await progress((done / rows.length) * 95);
        }
        if (this.data.mode === ImportMode.AllOrNothing && this.result.rejected) throw new Rollback();
        if (typeof finish === 'function') await finish(em);
        else if (finish?.ids.length) await finish.apply(em, finish.ids);
      });
      this.result.committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      this.result.created = 0;
      this.result.updated = 0;
    }
    return this.result;
  }

  private async writeInChunks(
    dataSource: DataSource,
    rows: SheetRow[],
    handleRow: (em: EntityManager, row: SheetRow) => Promise<FieldError[]>,
    progress: (percent: number) => Promise<void>,
    chunkSize: number,
    finish?: ImportFinish,
  ): Promise<ImportJobResult> {
    // a chunk ends after `chunkSize` rows or CHUNK_MS, whichever comes first (a slow machine or slow rows
    // must not hold the connection longer); then the waiting requests go first
    const pass = async (commit: boolean, from: number, span: number) => {
      let next = 0;
      while (next < rows.length) {
        await dataSource
          .transaction(async (em) => {
            const started = Date.now();
            for (let n = 0; n < chunkSize && next < rows.length; n++) {
              const row = rows[next++];
              const errors = await handleRow(em, row);
              errors.forEach((e) => this.report({ row: row.row, ...e }));
              if (errors.length) this.result.rejected++;
              if (Date.now() - started > CHUNK_MS) break;
            }
            if (!commit) throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
        await progress(from + (next / rows.length) * span);
        await yieldToRequests(dataSource);
      }
    };
    if (this.data.mode === ImportMode.AllOrNothing) {
      // the check: every row as it would be written, in chunks that are rolled back
      await pass(false, 0, 45);
      const checked = { ...this.result };
      this.result.created = 0;
      this.result.updated = 0;
      if (checked.rejected) return this.result;
      if (finish) finish.ids.length = 0;
      await pass(true, 45, 45);
    } else {
      await pass(true, 0, 90);
    }
    this.result.committed = true;
    // derived facts (spatial: slower per id than a row) in smaller chunks
    const ids = [...new Set(finish?.ids ?? [])];
    const step = Math.min(chunkSize, FINISH_CHUNK_IDS);
    for (let i = 0; finish && i < ids.length; i += step) {
      await dataSource.transaction((em) => finish.apply(em, ids.slice(i, i + step)));
      await yieldToRequests(dataSource);
    }
    return this.result;
  }
}

/** Work after the rows (e.g. derived facts), over the ids of the records they touched. */
export interface ImportFinish {
  /** Filled by the rows as they are written. */
  ids: string[];
  apply: (em: EntityManager, ids: string[]) => Promise<void>;
}
