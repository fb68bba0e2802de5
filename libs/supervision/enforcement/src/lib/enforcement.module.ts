import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { MonitoringModule } from '@outfall/monitoring';
import { ProgressModule } from '@outfall/progress';
import { EnforcementCase, EnforcementCaseEvent, EnforcementEvidence } from './enforcement-case.entity';
import { EnforcementController } from './enforcement.controller';
import { EnforcementLedgerJob } from './enforcement-ledger.job';
import { EnforcementReportSection } from './enforcement-report.section';
import { EnforcementResolver } from './enforcement.resolver';
import { EnforcementService } from './enforcement.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const ENFORCEMENT_ENTITIES: (new (...args: never[]) => object)[] = [
  EnforcementCase,
  EnforcementCaseEvent,
  EnforcementEvidence,
];

/** 执法监督 (enforcement cases). */
@Module({
  imports: [
    DirectoryModule,
    MonitoringModule,
    ProgressModule,
    TypeOrmModule.forFeature(ENFORCEMENT_ENTITIES),
  ],
  controllers: [EnforcementController],
  providers: [EnforcementService, EnforcementResolver, EnforcementLedgerJob, EnforcementReportSection],
  exports: [EnforcementService],
})
export class EnforcementModule {}
