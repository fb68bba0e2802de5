import { Module } from '@nestjs/common';
import { IamModule } from '@outfall/iam';
import { SeedService } from './seed.service';

@Module({
  imports: [IamModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
