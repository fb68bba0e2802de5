import { Module } from '@nestjs/common';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { DirectoryDemoSeeder } from './directory-demo.seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [IamModule, DirectoryModule],
  providers: [SeedService, DirectoryDemoSeeder],
  exports: [SeedService, DirectoryDemoSeeder],
})
export class SeedModule {}
