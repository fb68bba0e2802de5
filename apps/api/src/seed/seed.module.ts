import { Module } from '@nestjs/common';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { MonitoringModule } from '@outfall/monitoring';
import { ProgressModule } from '@outfall/progress';
import { MonitoringDemoSeeder } from './monitoring-demo.seeder';
import { DirectoryDemoSeeder } from './directory-demo.seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [IamModule, DirectoryModule, MonitoringModule, ProgressModule],
  providers: [SeedService, DirectoryDemoSeeder, MonitoringDemoSeeder],
  exports: [SeedService, DirectoryDemoSeeder],
})
export class SeedModule {}
