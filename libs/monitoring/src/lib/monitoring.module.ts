import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { ProgressModule } from '@outfall/progress';
import { MonitoringDispatchSection } from './dispatch/monitoring-dispatch.section';
import { Indicator } from './indicators/indicator.entity';
import { IndicatorsService } from './indicators/indicators.service';
import { RequiredIndicatorRule } from './indicators/required-indicator-rule.entity';
import { RequiredIndicatorsService } from './indicators/required-indicators.service';
import { MonitoringLedgerJob } from './ledgers/monitoring-ledger.job';
import { SamplesController, StandardsController, TracingController } from './monitoring.controller';
import { MonitoringResolver } from './monitoring.resolver';
import { OutfallMonitoringFieldsResolver } from './outfall-monitoring.resolver';
import { MonitoringService } from './monitoring.service';
import { ExceedanceService } from './samples/exceedance.service';
import { SampleImportJob } from './samples/sample-import.job';
import { Sample, SampleValue } from './samples/sample.entity';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { OutfallStandardSetting } from './standards/outfall-standard-setting.entity';
import { StandardsService } from './standards/standards.service';
import { TracingRecord, TracingSource } from './tracing/tracing-record.entity';
import { TracingService } from './tracing/tracing.service';

/** Monitoring (监测), discharge standards, exceedance, tracing (溯源) and their ledgers. */
@Module({
  imports: [
    DirectoryModule,
    ProgressModule,
    TypeOrmModule.forFeature([
      Indicator,
      RequiredIndicatorRule,
      DischargeStandard,
      OutfallStandardSetting,
      Sample,
      SampleValue,
      TracingRecord,
      TracingSource,
    ]),
  ],
  controllers: [StandardsController, SamplesController, TracingController],
  providers: [
    IndicatorsService,
    RequiredIndicatorsService,
    StandardsService,
    SamplesService,
    ExceedanceService,
    TracingService,
    MonitoringService,
    MonitoringResolver,
    OutfallMonitoringFieldsResolver,
    SampleImportJob,
    MonitoringLedgerJob,
    MonitoringDispatchSection,
  ],
  exports: [
    RequiredIndicatorsService,
    StandardsService,
    SamplesService,
    TracingService,
    ExceedanceService,
    IndicatorsService,
  ],
})
export class MonitoringModule {}
