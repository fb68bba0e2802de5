import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { backupCommand, restoreCommand } from '@outfall/backup';
import { loadAppConfig } from '@outfall/config';
import { progressRollupCommand, progressVerifyCommand } from '@outfall/progress';
import { BackEntryService } from '@outfall/remediation';
import { DataSource } from 'typeorm';
import { AppModule } from './app/app.module';
import { createAdminCommand, parseCreateAdminArgs, readAdminPassword } from './create-admin.command';
import { SeedService } from './seed/seed.service';

/**
 * Operator commands: `create-admin --username <u> [--name <n>] [--unit <unit name>]` (a system administrator;
 * the password from ADMIN_PASSWORD or stdin, never an argument), `migrate` (apply pending migrations; boot runs them too unless DB_MIGRATIONS_RUN=false),
 * `seed` (load the demo data set), `backup [folder]` (database + stored files, also while the server runs)
 * and `restore <folder> --yes`; `milestones:review [--json]` lists the workflow-owned milestones that were set
 * by hand before the rule (docs/milestones.md), for the eco branch to confirm or revert. `progress:rollup
 * [--rebuild]` brings the progress roll-up up to date (or rebuilds it); `progress:verify [--from 2023-03-31]
 * [--to 2026-12-31] [--known-at d,d]` recomputes progress from raw rows at every quarter end and compares every
 * figure with the roll-up (exit code 1 on a difference; docs/performance.md). Stop the server first when using the embedded database for anything but a
 * backup: only one process may open its folder.
 */
async function main(command: string | undefined, args: string[]): Promise<void> {
  if (command === 'backup' || command === 'restore') {
    // an operator command: no job processing or schedules in this process, and a backup changes nothing
    process.env['QUEUE_WORKERS'] = 'false';
    process.env['PROGRESS_SCHEDULER'] = 'false';
    // an operator command is not a user's request: no statement time cap (docs/security.md)
    process.env['DB_STATEMENT_TIMEOUT_MS'] = '0';
    if (command === 'backup') process.env['DB_MIGRATIONS_RUN'] = 'false';
    const options = {
      config: loadAppConfig(),
      boot: () => NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] }),
      log: (line: string) => console.log(line),
    };
    const folder = args.find((arg) => !arg.startsWith('--'));
    if (command === 'backup') await backupCommand(folder, options);
    else await restoreCommand(folder, args.includes('--yes'), options);
    return;
  }
  if (command === 'create-admin') {
    const options = parseCreateAdminArgs(args);
    const password = await readAdminPassword();
    loadAppConfig(false, { QUEUE_WORKERS: 'false', PROGRESS_SCHEDULER: 'false' });
    const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
    try {
      await createAdminCommand(app, { ...options, password });
    } finally {
      await app.close();
    }
    return;
  }
  if (
    command !== 'migrate' &&
    command !== 'seed' &&
    command !== 'schema:diff' &&
    command !== 'milestones:review' &&
    command !== 'progress:rollup' &&
    command !== 'progress:verify'
  ) {
    throw new Error(
      'usage: cli.js create-admin --username <u> [--name <n>] [--unit <unit>]|migrate|seed|schema:diff|milestones:review [--json]|progress:rollup [--rebuild]|progress:verify [--from d] [--to d] [--known-at d,d]|backup [folder]|restore <folder> --yes',
    );
  }
  // a command never takes jobs off the queue (BullMQ mode): that is the API's or the worker's business
  // nor is a migration capped by the API's statement timeout (a long index build is not a runaway query)
  loadAppConfig(false, { QUEUE_WORKERS: 'false', DB_STATEMENT_TIMEOUT_MS: '0' });
  // a report prints only its rows (its output may be piped, `--json`)
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger:
      command === 'milestones:review' || command === 'progress:verify'
        ? ['error', 'warn']
        : ['error', 'warn', 'log'],
  });
  try {
    if (command === 'seed') await app.get(SeedService).run();
    else if (command === 'milestones:review') {
      const items = await app.get(BackEntryService).reviewList(null);
      if (args.includes('--json')) console.log(JSON.stringify(items, null, 2));
      else {
        console.log(`${items.length} workflow-owned milestone(s) set by hand, waiting for the eco branch`);
        for (const item of items)
          console.log(
            [item.localCode, item.name, item.type, item.effectiveOn, item.source, item.outfallId].join('\t'),
          );
      }
    } else if (command === 'progress:rollup') await progressRollupCommand(app, args);
    else if (command === 'progress:verify') {
      if (!(await progressVerifyCommand(app, args))) process.exitCode = 1;
    } else if (command === 'schema:diff') {
      // what the entities need that the migrations have not created: empty when they agree
      const sql = await app.get(DataSource).driver.createSchemaBuilder().log();

      console.log(
        sql.upQueries.map((query) => `${query.query};`).join('\n') || '-- schema matches the entities',
      );
    } else new Logger('cli').log('migrations are up to date');
  } finally {
    await app.close();
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
