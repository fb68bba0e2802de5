import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditModule } from '@outfall/audit';
import { BackupModule } from '@outfall/backup';
import { AllExceptionsFilter } from '@outfall/common';
import { AppConfig, ConfigModule } from '@outfall/config';
import { DatabaseModule } from '@outfall/database';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { MonitoringModule } from '@outfall/monitoring';
import { RemediationModule } from '@outfall/remediation';
import { ProgressModule } from '@outfall/progress';
import { ObservabilityModule } from '@outfall/observability';
import { OrgModule } from '@outfall/org';
import { QueueModule } from '@outfall/queue';
import { SetupReviewModule } from '@outfall/setup-review';
import { PermitsModule } from '@outfall/permits';
import { EnforcementModule } from '@outfall/enforcement';
import { PatrolsModule } from '@outfall/patrols';
import { SourceListsModule } from '@outfall/source-lists';
import { SignageModule } from '@outfall/signage';
import { PublicPortalModule } from '@outfall/public-portal';
import { PublicReportsModule } from '@outfall/public-reports';
import { TasksModule } from '@outfall/tasks';
import { SubmissionsModule } from '@outfall/submissions';
import { WebhooksModule } from '@outfall/webhooks';
import { Hj212Module } from '@outfall/hj212';
import { SyncModule } from '@outfall/sync';

import { DashboardModule } from '../dashboard/dashboard.module';
import { MIGRATIONS } from '../migrations';
import { SeedModule } from '../seed/seed.module';
import { ENTITIES } from './entities';
import { graphqlOptions } from './graphql.config';
import { HealthController } from './health/health.controller';
import { HealthModule } from './health/health.module';
import { SystemController } from './system.controller';
import { SystemResolver } from './system.resolver';
import { SystemService } from './system.service';

/** What the API and the worker process share: configuration, the database, the queue, logs and metrics, every domain. */
export const CORE_MODULES = [
  ConfigModule,
  DatabaseModule.forRoot({ entities: ENTITIES, migrations: MIGRATIONS }),
  QueueModule,
  ObservabilityModule,
  AuditModule,
  OrgModule,
  IamModule,
  DirectoryModule,
  MonitoringModule,
  RemediationModule,
  ProgressModule,
  SetupReviewModule,
  PermitsModule,
  EnforcementModule,
  PatrolsModule,
  SourceListsModule,
  SignageModule,
  PublicPortalModule,
  PublicReportsModule,
  TasksModule,
  SubmissionsModule,
  WebhooksModule,
  Hj212Module,
  SyncModule,
  DashboardModule,
  HealthModule,
];

/** Composition only: global providers and the domain modules. */
@Module({
  imports: [
    ...CORE_MODULES,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig],
      useFactory: graphqlOptions,
    }),
    BackupModule,
    SeedModule,
  ],
  controllers: [SystemController, HealthController],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, SystemService, SystemResolver],
})
export class AppModule {}
