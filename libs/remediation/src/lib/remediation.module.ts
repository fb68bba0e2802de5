import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { BackEntryImportJob } from './back-entry/back-entry-import.job';
import { BackEntryController } from './back-entry/back-entry.controller';
import { BackEntryService } from './back-entry/back-entry.service';
import { DispositionService } from './disposition/disposition.service';
import { RemediationDecision } from './disposition/remediation-decision.entity';
import { SewerCoverageArea } from './disposition/sewer-coverage-area.entity';
import { RemediationLedgerJob } from './ledgers/remediation-ledger.job';
import { PlansService } from './plans/plans.service';
import { RemediationPlan, RemediationPlanVersion } from './plans/remediation-plan.entity';
import { RemediationController } from './remediation.controller';
import { RemediationResolver } from './remediation.resolver';
import { OutfallPlanResolver } from './outfall-plan.resolver';

/** Remediation: the three batches (三个一批) and one-outfall-one-policy plans (一口一策) with verified close-out. */
@Module({
  imports: [
    DirectoryModule,
    TypeOrmModule.forFeature([
      RemediationDecision,
      SewerCoverageArea,
      RemediationPlan,
      RemediationPlanVersion,
    ]),
  ],
  controllers: [RemediationController, BackEntryController],
  providers: [
    DispositionService,
    PlansService,
    RemediationResolver,
    OutfallPlanResolver,
    RemediationLedgerJob,
    BackEntryService,
    BackEntryImportJob,
  ],
  exports: [DispositionService, PlansService, BackEntryService],
})
export class RemediationModule {}
