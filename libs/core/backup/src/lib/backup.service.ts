import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FileStorage } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { DataSource, EntityManager } from 'typeorm';
import {
  BACKUP_FORMAT,
  BackupError,
  BackupFileEntry,
  BackupManifest,
  FILES_DIR,
  readManifest,
  sha256OfFile,
  TABLES_DIR,
  tableFile,
  writeManifest,
} from './backup.format';

/** Tables that belong to the schema (migrations' bookkeeping, PostGIS's reference data), not to the data. */
const SCHEMA_TABLES = new Set(['migrations', 'spatial_ref_sys']);
const FETCH_ROWS = 2_000;
const INSERT_ROWS = 1_000;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface BackupSummary {
  dir: string;
  tables: number;
  rows: number;
  files: number;
  bytes: number;
}

/**
 * Backup and restore of the whole record: every table and every stored file. A backup reads one
 * consistent snapshot (one REPEATABLE READ, READ ONLY transaction), so it runs while the server serves
 * requests; then it copies the stored files. A restore replaces every table's rows in one transaction
 * (all or nothing), with triggers off while it loads (the audit trail's append-only trigger and history
 * triggers would otherwise refuse or duplicate rows), then replaces the stored files.
 */
@Injectable()
export class BackupService {
  private readonly logger = new Logger(BackupService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  /** A folder name under DATA_DIR/backups for a backup made now. */
  defaultDir(now = new Date()): string {
    return join(this.config.DATA_DIR, 'backups', now.toISOString().replace(/[:.]/g, '-'));
  }

  async backup(dir: string = this.defaultDir()): Promise<BackupSummary> {
    const existing = await readdir(dir).catch(() => [] as string[]);
    if (existing.length) throw new BackupError(`${dir} is not empty: choose a new folder for the backup`);
    await mkdir(join(dir, TABLES_DIR), { recursive: true });
    const started = Date.now();
    const { migrations, tables } = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const names = await this.migrationsOf(em);
      const counts: Record<string, number> = {};
      for (const table of await this.tablesOf(em)) counts[table] = await this.dumpTable(em, table, dir);
      return { migrations: names, tables: counts };
    });
    const files = await this.copyFilesOut(join(dir, FILES_DIR));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      source: this.config.embedded ? 'embedded' : 'postgres',
      migrations,
      tables,
      files,
    };
    await writeManifest(dir, manifest);
    const summary = this.summarise(dir, manifest);
    this.logger.log(
      `backup ${dir}: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files in ${Date.now() - started} ms`,
    );
    return summary;
  }

  /**
   * Replaces the record with the backup's. The backup must come from the same schema version (the same
   * migrations); every file is checked against its SHA-256 before anything is changed.
   */
  async restore(dir: string): Promise<BackupSummary> {
    const manifest = await this.verify(dir);
    const started = Date.now();
    await this.dataSource.transaction(async (em) => {
      const applied = await this.migrationsOf(em);
      if (applied.join('\n') !== manifest.migrations.join('\n')) {
        throw new BackupError(
          `the backup's schema (${manifest.migrations.length} migrations, last ${manifest.migrations.at(-1) ?? 'none'}) ` +
            `differs from this database's (${applied.length}, last ${applied.at(-1) ?? 'none'}): restore it with the ` +
            'release that made it, then upgrade (migrations run when the server starts)',
        );
      }
      const current = await this.tablesOf(em);
      const missing = Object.keys(manifest.tables).filter((table) => !current.includes(table));
      if (missing.length) throw new BackupError(`tables missing in this database: ${missing.join(', ')}`);
      try {
        await em.query('SET LOCAL session_replication_role = replica');
      } catch (error) {
        throw new BackupError(
          `restoring needs a database role that may switch triggers off (a superuser): ${String(error)}`,
        );
      }
      if (current.length) await em.query(`TRUNCATE ${current.map(quote).join(', ')}`);
      for (const [table, expected] of Object.entries(manifest.tables)) {
        const loaded = await this.loadTable(em, table, dir);
        if (loaded !== expected)
          throw new BackupError(`${table}: the backup holds ${loaded} rows, its manifest says ${expected}`);
      }
      // the sync change log (docs/sync.md) orders by transaction id, which this database numbers its own way:
      // the restored rows go before any new transaction, and a new epoch refuses integrators' old cursors
      if (current.includes('sync_change')) {
        await em.query(`UPDATE sync_change SET xid = '0'::xid8`);
        await em.query(`UPDATE sync_state SET epoch = gen_random_uuid()`);
      }
    });
    await this.copyFilesIn(join(dir, FILES_DIR), manifest.files);
    const summary = this.summarise(dir, manifest);
    this.logger.log(
      `restored ${dir}: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files in ${Date.now() - started} ms`,
    );
    return summary;
  }

  /** Reads the manifest and checks every table file is there and every stored file matches its hash. */
  async verify(dir: string): Promise<BackupManifest> {
    const manifest = await readManifest(dir);
    for (const table of Object.keys(manifest.tables)) {
      await stat(tableFile(dir, table)).catch(() => {
        throw new BackupError(`${tableFile(dir, table)} is missing`);
      });
    }
    for (const file of manifest.files) {
      const path = join(dir, FILES_DIR, file.key);
      const sha256 = await sha256OfFile(path).catch(() => null);
      if (sha256 !== file.sha256) throw new BackupError(`${path} is missing or damaged (SHA-256 differs)`);
    }
    return manifest;
  }

  private summarise(dir: string, manifest: BackupManifest): BackupSummary {
    return {
      dir,
      tables: Object.keys(manifest.tables).length,
      rows: Object.values(manifest.tables).reduce((sum, count) => sum + count, 0),
      files: manifest.files.length,
      bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
    };
  }

  private async migrationsOf(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY timestamp, id`);
    return rows.map((row) => row.name);
  }

  private async tablesOf(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return rows.map((row) => row.tablename).filter((name) => !SCHEMA_TABLES.has(name));
  }

  /** Streams the table's rows through a cursor into a gzipped file of JSON strings; answers the row count. */
  private async dumpTable(em: EntityManager, table: string, dir: string): Promise<number> {
    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(tableFile(dir, table)));
    let rows = 0;
    await em.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT t::text AS r FROM ${quote(table)} t`);
    for (;;) {
      const batch = await em.query<{ r: string }[]>(`FETCH FORWARD ${FETCH_ROWS} FROM backup_rows`);
      for (const { r } of batch) {
        if (!gzip.write(`${JSON.stringify(r)}\n`)) await once(gzip, 'drain');
      }
      rows += batch.length;
      if (batch.length < FETCH_ROWS) break;
    }
    await em.query('CLOSE backup_rows');
    gzip.end();
    await done;
    return rows;
  }

  /** Inserts the backup's rows in batches; each text row is read back through the table's row type. */
  private async loadTable(em: EntityManager, table: string, dir: string): Promise<number> {
    const lines = createInterface({ input: createReadStream(tableFile(dir, table)).pipe(createGunzip()) });
    const insert = `INSERT INTO ${quote(table)} SELECT (r::${quote(table)}).* FROM unnest($1::text[]) AS r`;
    let batch: string[] = [];
    let rows = 0;
    for await (const line of lines) {
      if (!line) continue;
      batch.push(JSON.parse(line) as string);
      if (batch.length === INSERT_ROWS) {
        await em.query(insert, [batch]);
        rows += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await em.query(insert, [batch]);
      rows += batch.length;
    }
    return rows;
  }

  private async copyFilesOut(target: string): Promise<BackupFileEntry[]> {
    const entries: BackupFileEntry[] = [];
    for await (const key of this.storage.list()) {
      const path = join(target, key);
      await mkdir(dirname(path), { recursive: true });
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          bytes += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(await this.storage.open(key), tap, createWriteStream(path));
      entries.push({ key, bytes, sha256: hash.digest('hex') });
    }
    return entries.sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Makes the store hold exactly the backup's files. */
  private async copyFilesIn(source: string, files: BackupFileEntry[]): Promise<void> {
    const wanted = new Set(files.map((file) => file.key));
    const extra: string[] = [];
    for await (const key of this.storage.list()) if (!wanted.has(key)) extra.push(key);
    for (const key of extra) await this.storage.remove(key);
    for (const file of files) await this.storage.put(file.key, await readFile(join(source, file.key)));
  }
}
