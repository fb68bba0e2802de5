import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, NodeEnv } from '@outfall/config';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions, DataSourceInputs } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';

export type DatabaseModuleOptions = Pick<DataSourceInputs, 'entities' | 'migrations'>;

/**
 * TypeORM on PostgreSQL: DATABASE_URL when set, otherwise the embedded PGlite started here and stopped
 * after the DataSource is destroyed (so the pool closes before the server).
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    let embedded: EmbeddedPostgres | undefined;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            if (!config.DATABASE_URL) {
              embedded = await EmbeddedPostgres.start({
                dataDir: config.EMBEDDED_DB === 'memory' ? undefined : join(config.DATA_DIR, 'pglite'),
                externalPort: config.EMBEDDED_SOCKET_PORT,
                externalPassword: config.EMBEDDED_SOCKET_PASSWORD,
              });
            }
            const dataSourceOptions = buildDataSourceOptions({
              url: embedded?.url ?? config.DATABASE_URL ?? '',
              embedded: !!embedded,
              poolSize: config.DATABASE_POOL_SIZE,
              statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
              entities: options.entities,
              migrations: options.migrations,
              migrationsRun: config.DB_MIGRATIONS_RUN,
              logFailedQueries: config.NODE_ENV !== NodeEnv.Test,
              acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
              slowQueryMs: config.SLOW_QUERY_MS,
            });
            return { ...dataSourceOptions, retryAttempts: 3, retryDelay: 2000 };
          },
          dataSourceFactory: async (dataSourceOptions?: DataSourceOptions) => {
            if (!dataSourceOptions) throw new Error('DatabaseModule: no data source options');
            const dataSource = new DataSource(dataSourceOptions);
            const server = embedded;
            if (server) {
              const destroy = dataSource.destroy.bind(dataSource);
              dataSource.destroy = async () => {
                await destroy();
                await server.stop();
              };
            }
            try {
              return await dataSource.initialize();
            } catch (error) {
              await server?.stop();
              throw error;
            }
          },
        }),
      ],
    };
  }
}
