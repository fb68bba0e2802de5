import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DispatchReportSections } from './dispatch-report-sections';
import { DispatchReportJob } from './dispatch-report.job';
import { ProgressController } from './progress.controller';
import { ProgressSnapshot, ProgressTarget } from './progress.entities';
import { ProgressResolver } from './progress.resolver';
import { ProgressService } from './progress.service';
import { SnapshotsService } from './snapshots.service';

/** Targets, progress as of any day, quarterly snapshots and the dispatch report (一季一调度). */
@Module({
  imports: [TypeOrmModule.forFeature([ProgressTarget, ProgressSnapshot])],
  controllers: [ProgressController],
  providers: [ProgressService, SnapshotsService, ProgressResolver, DispatchReportJob, DispatchReportSections],
  exports: [ProgressService, SnapshotsService, DispatchReportSections],
})
export class ProgressModule {}
