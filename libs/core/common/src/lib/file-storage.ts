import { HttpStatus } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { CommonErrorCode, DomainException } from './domain.exception';

/** Where files (exports, uploads) live; a local folder today, an S3-compatible store can implement it. */
export abstract class FileStorage {
  abstract put(key: string, content: Buffer): Promise<void>;
  /** The stored bytes; a key whose file is gone answers 404 `STORED_FILE_MISSING` (never a half-sent download). */
  abstract open(key: string): Promise<Readable>;
  abstract exists(key: string): Promise<boolean>;
  abstract remove(key: string): Promise<void>;
  /** Every stored key (for backups), in no particular order. */
  abstract list(): AsyncIterable<string>;
}

export function storedFileMissing(): DomainException {
  return new DomainException(
    CommonErrorCode.StoredFileMissing,
    'The stored file is missing (it may have been lost or not yet restored)',
    HttpStatus.NOT_FOUND,
  );
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/;

export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!SAFE_KEY.test(key) || key.includes('..') || !path.startsWith(this.root + sep)) {
      throw new Error(`Invalid storage key ${key}`);
    }
    return path;
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const found = await stat(path).then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!found) throw storedFileMissing();
    return createReadStream(path);
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (SAFE_KEY.test(key)) yield key;
    }
  }
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
