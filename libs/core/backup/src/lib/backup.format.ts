import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A backup is a folder:
 * - `manifest.json`: what is inside (format, when, from which mode, the migrations the schema had, row
 *   counts per table, every stored file with its size and SHA-256);
 * - `tables/<table>.jsonl.gz`: one JSON string per row, the row's PostgreSQL text form (`t::text`), which
 *   both PostgreSQL 15 and the embedded PGlite read back with the column types' own input functions
 *   (geometry as EWKB, jsonb, timestamptz…);
 * - `files/<storage key>`: the stored files (uploads, generated reports) byte for byte.
 * The same folder restores into either mode, so it also moves a city from the embedded database to a server.
 */
export const BACKUP_FORMAT = 'outfall-backup/1';

export interface BackupFileEntry {
  key: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** `embedded` (PGlite) or `postgres`. */
  source: 'embedded' | 'postgres';
  /** Names of the migrations the dumped schema had, in order. */
  migrations: string[];
  /** Rows per table, in the order they were dumped. */
  tables: Record<string, number>;
  files: BackupFileEntry[];
}

export const MANIFEST = 'manifest.json';
export const TABLES_DIR = 'tables';
export const FILES_DIR = 'files';

export const tableFile = (dir: string, table: string): string => join(dir, TABLES_DIR, `${table}.jsonl.gz`);

export async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new BackupError(`${dir} is not a backup: ${MANIFEST} cannot be read (${String(error)})`);
  }
  if (manifest.format !== BACKUP_FORMAT)
    throw new BackupError(
      `${dir} has format ${String(manifest.format)}; this version reads ${BACKUP_FORMAT}`,
    );
  return manifest;
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A backup or restore that cannot go ahead; the message says why, for the operator. */
export class BackupError extends Error {}
