import { Module } from '@nestjs/common';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { MonitoringModule } from '@outfall/monitoring';
import { OrgModule } from '@outfall/org';
import { ProgressModule } from '@outfall/progress';
import { MonitoringDemoSeeder } from './monitoring-demo.seeder';
import { RemediationDemoSeeder } from './remediation-demo.seeder';
import { RemediationModule } from '@outfall/remediation';
import { SourceListsModule } from '@outfall/source-lists';
import { DirectoryDemoSeeder } from './directory-demo.seeder';
import { SeedService } from './seed.service';
import { SourceListsDemoSeeder } from './supervision/source-lists-demo.seeder';
import { SetupReviewDemoSeeder } from './supervision/setup-review-demo.seeder';
import { PermitsDemoSeeder } from './supervision/permits-demo.seeder';
import { PermitsModule } from '@outfall/permits';
import { PatrolsDemoSeeder } from './supervision/patrols-demo.seeder';
import { EnforcementDemoSeeder } from './supervision/enforcement-demo.seeder';
import { SignageDemoSeeder } from './supervision/signage-demo.seeder';
import { PublicPortalDemoSeeder } from './supervision/public-portal-demo.seeder';
import { PublicReportsDemoSeeder } from './supervision/public-reports-demo.seeder';
import { TasksDemoSeeder } from './supervision/tasks-demo.seeder';
import { SubmissionsDemoSeeder } from './supervision/submissions-demo.seeder';

const SUPERVISION_SEEDERS = [
  SourceListsDemoSeeder,
  SetupReviewDemoSeeder,
  PermitsDemoSeeder,
  PatrolsDemoSeeder,
  EnforcementDemoSeeder,
  SignageDemoSeeder,
  PublicPortalDemoSeeder,
  PublicReportsDemoSeeder,
  TasksDemoSeeder,
  SubmissionsDemoSeeder,
];

@Module({
  imports: [
    IamModule,
    OrgModule,
    DirectoryModule,
    MonitoringModule,
    RemediationModule,
    ProgressModule,
    SourceListsModule,
    PermitsModule,
  ],
  providers: [
    SeedService,
    DirectoryDemoSeeder,
    MonitoringDemoSeeder,
    RemediationDemoSeeder,
    ...SUPERVISION_SEEDERS,
  ],
  exports: [SeedService, DirectoryDemoSeeder],
})
export class SeedModule {}
