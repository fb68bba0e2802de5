import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** Where files (exports, uploads) live; a local folder today, an S3-compatible store can implement it. */
export abstract class FileStorage {
  abstract put(key: string, content: Buffer): Promise<void>;
  abstract open(key: string): Promise<Readable>;
  abstract exists(key: string): Promise<boolean>;
  abstract remove(key: string): Promise<void>;
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
    return createReadStream(this.pathOf(key));
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
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
