import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@outfall/config';
import { BackupError } from './backup.format';
import { BackupService, BackupSummary } from './backup.service';
import { CONTROL_TOKEN_HEADER, readControlFile } from './control-channel';

export interface BackupCommandOptions {
  config: AppConfig;
  /** Boots the application context (database, storage) for a direct backup or restore. */
  boot: () => Promise<INestApplicationContext>;
  log: (line: string) => void;
}

const describe = (s: BackupSummary): string =>
  `${s.dir}: ${s.tables} tables, ${s.rows} rows, ${s.files} files (${s.bytes} bytes)`;

/**
 * `cli backup [folder]`: through the running server when it holds the embedded database (its control
 * file), otherwise directly (a PostgreSQL server, or an embedded folder no server holds).
 */
export async function backupCommand(dir: string | undefined, options: BackupCommandOptions): Promise<void> {
  const { config } = options;
  const control = config.embedded ? readControlFile(config.DATA_DIR) : null;
  if (control) {
    const response = await fetch(`${control.url}/api/v1/system/backups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: control.token },
      body: JSON.stringify(dir ? { dir } : {}),
    });
    const body = (await response.json()) as BackupSummary & { message?: string };
    if (!response.ok) throw new BackupError(`the server (pid ${control.pid}) refused: ${body.message}`);
    options.log(`backup made by the running server (pid ${control.pid}) in ${describe(body)}`);
    return;
  }
  const app = await options.boot();
  try {
    options.log(`backup in ${describe(await app.get(BackupService).backup(dir))}`);
  } finally {
    await app.close();
  }
}

/** `cli restore <folder> --yes`: replaces the database's rows and the stored files with the backup's. */
export async function restoreCommand(
  dir: string | undefined,
  confirmed: boolean,
  options: BackupCommandOptions,
): Promise<void> {
  const { config } = options;
  if (!dir) throw new BackupError('usage: cli restore <backup folder> --yes');
  if (!confirmed)
    throw new BackupError(`restoring replaces every record and stored file: add --yes to restore ${dir}`);
  const control = config.embedded ? readControlFile(config.DATA_DIR) : null;
  if (control)
    throw new BackupError(
      `the server (pid ${control.pid}) holds the embedded database in ${config.DATA_DIR}: stop it, then restore`,
    );
  const app = await options.boot();
  try {
    options.log(`restored ${describe(await app.get(BackupService).restore(dir))}`);
  } finally {
    await app.close();
  }
}
