import { Module } from '@nestjs/common';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { MonitoringModule } from '@outfall/monitoring';
import { OrgModule } from '@outfall/org';
import { ProgressModule } from '@outfall/progress';
import { MonitoringDemoSeeder } from './monitoring-demo.seeder';
import { RemediationDemoSeeder } from './remediation-demo.seeder';
import { RemediationModule } from '@outfall/remediation';
import { DirectoryDemoSeeder } from './directory-demo.seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [IamModule, OrgModule, DirectoryModule, MonitoringModule, RemediationModule, ProgressModule],
  providers: [SeedService, DirectoryDemoSeeder, MonitoringDemoSeeder, RemediationDemoSeeder],
  exports: [SeedService, DirectoryDemoSeeder],
})
export class SeedModule {}
