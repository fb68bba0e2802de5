import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DispatchReportSections } from './dispatch-report-sections';
import { DispatchReportController } from './dispatch-report.controller';
import { DispatchReport } from './dispatch-report.entity';
import { DispatchReportJob } from './dispatch-report.job';
import { DispatchReportResolver } from './dispatch-report.resolver';
import { DispatchReportsService } from './dispatch-reports.service';
import { ProgressController } from './progress.controller';
import { ProgressSnapshot, ProgressTarget } from './progress.entities';
import { ProgressResolver } from './progress.resolver';
import { ProgressRollupService } from './progress-rollup.service';
import { ProgressService } from './progress.service';
import { SnapshotsService } from './snapshots.service';

export const PROGRESS_ENTITIES = [ProgressTarget, ProgressSnapshot, DispatchReport];

/** Targets, progress as of any day, quarterly snapshots and the dispatch report (一季一调度). */
@Module({
  imports: [TypeOrmModule.forFeature(PROGRESS_ENTITIES)],
  controllers: [ProgressController, DispatchReportController],
  providers: [
    ProgressService,
    ProgressRollupService,
    SnapshotsService,
    ProgressResolver,
    DispatchReportJob,
    DispatchReportSections,
    DispatchReportsService,
    DispatchReportResolver,
  ],
  exports: [
    ProgressService,
    ProgressRollupService,
    SnapshotsService,
    DispatchReportSections,
    DispatchReportsService,
  ],
})
export class ProgressModule {}
