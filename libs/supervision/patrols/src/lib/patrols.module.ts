import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { ProgressModule } from '@outfall/progress';
import { RemediationModule } from '@outfall/remediation';
import { PatrolLedgerJob } from './ledger/patrol-ledger.job';
import {
  Patrol,
  PatrolConfig,
  PatrolFinding,
  PatrolPhoto,
  PatrolRule,
  PatrolScheduleOverride,
} from './patrol.entity';
import { PatrolsReportSection } from './patrols-report.section';
import { PatrolsController } from './patrols.controller';
import { PatrolsResolver } from './patrols.resolver';
import { PatrolsService } from './patrols.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const PATROLS_ENTITIES: (new (...args: never[]) => object)[] = [
  PatrolRule,
  PatrolConfig,
  PatrolScheduleOverride,
  Patrol,
  PatrolFinding,
  PatrolPhoto,
];

/** 长效监管巡查 (patrols of the long-term mechanism). */
@Module({
  imports: [DirectoryModule, RemediationModule, ProgressModule, TypeOrmModule.forFeature(PATROLS_ENTITIES)],
  controllers: [PatrolsController],
  providers: [PatrolsService, PatrolsResolver, PatrolLedgerJob, PatrolsReportSection],
  exports: [PatrolsService],
})
export class PatrolsModule {}
