import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@outfall/config';
import { DataSource } from 'typeorm';
import { AppModule } from './app/app.module';
import { SeedService } from './seed/seed.service';

/**
 * Operator commands: `migrate` (apply pending migrations; boot runs them too unless DB_MIGRATIONS_RUN=false)
 * and `seed` (load the demo data set). Stop the server first when using the embedded database: only one
 * process may open its folder.
 */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'migrate' && command !== 'seed' && command !== 'schema:diff') {
    throw new Error('usage: cli.js migrate|seed|schema:diff');
  }
  loadAppConfig();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn', 'log'] });
  try {
    if (command === 'seed') await app.get(SeedService).run();
    else if (command === 'schema:diff') {
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

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
