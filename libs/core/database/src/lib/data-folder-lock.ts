import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';

/** Who holds a data folder: written into its lock file. */
export interface DataFolderLockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

/** The data folder is held by another live process: the message names it. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: DataFolderLockHolder,
    sameHost: boolean,
  ) {
    super(
      `the embedded database in ${lockFile.replace(/\.lock$/, '')} is in use by pid ${holder.pid} ` +
        `(${holder.command || 'unknown command'}, started ${holder.startedAt}` +
        `${sameHost ? '' : ` on host ${holder.hostname}`}): only one process may open it. ` +
        (sameHost
          ? 'Stop that process first (a backup of a running server goes through it: `cli backup`).'
          : `If that host no longer runs it, delete ${lockFile}.`),
    );
  }
}

const alive = (pid: number): boolean => {
  if (pid === process.pid) return false; // a pid reused by this very process (e.g. pid 1 in a restarted container)
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = (file: string): DataFolderLockHolder | undefined => {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as DataFolderLockHolder;
    return typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
};

/**
 * An exclusive lock on an embedded data folder: a lock file created with O_EXCL that holds the owner's
 * pid, host, start time and command. A lock whose process is gone (a crash, kill -9) is stale and taken
 * over with a log line; a live holder makes `acquire` throw {@link DataFolderLockedError}. Released by
 * `release()` and, as a fallback, when the process exits.
 */
export class DataFolderLock {
  private static readonly logger = new Logger('DataFolderLock');
  /** Lock files this process holds (a pid check cannot tell this process's own lock from a stale one). */
  private static readonly held = new Map<string, DataFolderLockHolder>();
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly file: string,
    private readonly holder: DataFolderLockHolder,
  ) {
    process.once('exit', this.onExit);
  }

  static acquire(file: string, command = process.argv.slice(1).join(' ')): DataFolderLock {
    const holder: DataFolderLockHolder = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      command: command.slice(0, 300),
    };
    const mine = DataFolderLock.held.get(file);
    if (mine) throw new DataFolderLockedError(file, mine, true);
    for (let attempt = 0; attempt < 3; attempt++) {
      let fd: number;
      try {
        fd = openSync(file, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const existing = readHolder(file);
        if (existing && existing.hostname !== holder.hostname) {
          throw new DataFolderLockedError(file, existing, false);
        }
        if (existing && alive(existing.pid)) throw new DataFolderLockedError(file, existing, true);
        DataFolderLock.logger.warn(
          existing
            ? `taking over the stale lock ${file} of pid ${existing.pid} (${existing.command}, started ` +
                `${existing.startedAt}): that process is gone`
            : `taking over the unreadable lock ${file} (its writer died while writing it)`,
        );
        rmSync(file, { force: true });
        continue;
      }
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      DataFolderLock.held.set(file, holder);
      return new DataFolderLock(file, holder);
    }
    throw new Error(`could not take the lock ${file}: another process keeps creating it`);
  }

  /** Removes the lock file if it is still ours. Idempotent and synchronous (safe in an exit handler). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    DataFolderLock.held.delete(this.file);
    const current = readHolder(this.file);
    if (current?.pid === this.holder.pid && current.startedAt === this.holder.startedAt) {
      rmSync(this.file, { force: true });
    }
  }
}
