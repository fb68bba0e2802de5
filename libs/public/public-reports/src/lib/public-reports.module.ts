import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { EnforcementModule } from '@outfall/enforcement';
import { ProgressModule } from '@outfall/progress';
import { SubmissionsModule } from '@outfall/submissions';
import {
  PublicReport,
  PublicReportChallenge,
  PublicReportEvent,
  PublicReportPhoto,
} from './public-report.entity';
import { PublicIntakeController, PublicReportsController } from './public-reports.controller';
import { PublicReportsFigures } from './public-reports-report.section';
import { PublicReportsResolver } from './public-reports.resolver';
import { PublicReportsService } from './public-reports.service';
import { PublicRateLimitGuard } from './rate-limit.guard';

/** The entities of this domain; each one has its table in a committed migration. */
export const PUBLIC_REPORTS_ENTITIES: (new (...args: never[]) => object)[] = [
  PublicReport,
  PublicReportEvent,
  PublicReportPhoto,
  PublicReportChallenge,
];

/** 公众举报 (public reports of suspected illegal outfalls and their triage). */
@Module({
  imports: [
    DirectoryModule,
    EnforcementModule,
    ProgressModule,
    SubmissionsModule,
    TypeOrmModule.forFeature(PUBLIC_REPORTS_ENTITIES),
  ],
  controllers: [PublicIntakeController, PublicReportsController],
  providers: [PublicReportsService, PublicReportsResolver, PublicReportsFigures, PublicRateLimitGuard],
  exports: [PublicReportsService],
})
export class PublicReportsModule {}
