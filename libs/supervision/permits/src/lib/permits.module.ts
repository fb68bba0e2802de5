import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { ProgressModule } from '@outfall/progress';
import { FindingsService } from './findings/findings.service';
import { PermitsLedgerJob } from './ledgers/permits-ledger.job';
import { PermitStatusService } from './permit-status.service';
import { PermitsReportSection } from './permits-report.section';
import { PermitsController } from './permits.controller';
import { PermitsResolver } from './permits.resolver';
import { DischargePermit, PermitDuty, PermitOutlet } from './permits/discharge-permit.entity';
import { PermitsService } from './permits/permits.service';
import { MonitoringSchedule } from './schedules/monitoring-schedule.entity';
import { SchedulesService } from './schedules/schedules.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const PERMITS_ENTITIES: (new (...args: never[]) => object)[] = [
  DischargePermit,
  PermitOutlet,
  PermitDuty,
  MonitoringSchedule,
];

/** 排污许可与自行监测 (discharge permits and the self-monitoring duty), monitoring schedules, findings. */
@Module({
  imports: [DirectoryModule, ProgressModule, TypeOrmModule.forFeature(PERMITS_ENTITIES)],
  controllers: [PermitsController],
  providers: [
    PermitsService,
    SchedulesService,
    FindingsService,
    PermitStatusService,
    PermitsResolver,
    PermitsLedgerJob,
    PermitsReportSection,
  ],
  exports: [PermitsService, SchedulesService, FindingsService],
})
export class PermitsModule {}
