import {
  Args,
  Context,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import {
  CurrentPrincipal,
  GraphQLJSON,
  ListQueryDto,
  loaderFor,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { DataSource, In } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CreateSampleDto,
  MonitoringFilterDto,
  OutfallStandardSettingDto,
  RequiredIndicatorRuleDto,
  TracingDto,
  UpdateRequiredIndicatorRuleDto,
  UpdateTracingDto,
} from './dto/monitoring.dto';
import {
  ChronicOutfallView,
  ExceedanceView,
  OutfallMonitoringStatus,
  PollutionSourceView,
  ReceivingZone,
} from './dto/monitoring.responses';
import { Indicator } from './indicators/indicator.entity';
import { IndicatorsService } from './indicators/indicators.service';
import { RequiredIndicatorRule } from './indicators/required-indicator-rule.entity';
import { RequiredIndicatorsService } from './indicators/required-indicators.service';
import { OutfallRequiredIndicatorsType } from './indicators/required-indicators.types';
import { MonitoringService } from './monitoring.service';
import { ExceedanceService } from './samples/exceedance.service';
import { Sample, SampleValue } from './samples/sample.entity';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { OutfallStandardSetting } from './standards/outfall-standard-setting.entity';
import { StandardsService } from './standards/standards.service';
import { TracingRecord } from './tracing/tracing-record.entity';
import { TracingService } from './tracing/tracing.service';

@ObjectType('StandardResolution')
export class StandardResolutionType {
  @Field(() => ID) outfallId: string;
  @Field(() => DischargeStandard) standard: DischargeStandard;
  @Field() explanationZh: string;
  @Field() explanationEn: string;
  @Field(() => ReceivingZone, { nullable: true }) zone: ReceivingZone | null;
  @Field(() => GraphQLJSON, { description: 'The facts the resolver read (category, zone class, plant…)' })
  facts: object;
}

@ObjectType('IngestResult')
class IngestResultType {
  @Field(() => Int) rows: number;
  @Field(() => Int) samplesCreated: number;
  @Field(() => Int) samplesUpdated: number;
  @Field(() => Int) valuesCreated: number;
  @Field(() => Int) valuesUpdated: number;
  @Field(() => Int) valuesUnchanged: number;
  @Field(() => Int) exceedingSamples: number;
}

const SamplePage = Paginated(Sample, 'Sample');
const ExceedancePage = Paginated(ExceedanceView, 'Exceedance');
const ChronicPage = Paginated(ChronicOutfallView, 'ChronicOutfall');
const TracingPage = Paginated(TracingRecord, 'TracingRecord');
const PollutionSourcePage = Paginated(PollutionSourceView, 'PollutionSource');

/** GraphQL for monitoring, standards and tracing; sample readings are batched per request (DataLoader). */
@Resolver(() => Sample)
export class MonitoringResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: IndicatorsService,
    private readonly standards: StandardsService,
    private readonly monitoring: MonitoringService,
    private readonly samples: SamplesService,
    private readonly exceedanceService: ExceedanceService,
    private readonly tracing: TracingService,
    private readonly required: RequiredIndicatorsService,
  ) {}

  @ResolveField(() => [SampleValue])
  async values(@Parent() sample: Sample, @Context() context: object): Promise<SampleValue[]> {
    if (sample.values) return sample.values;
    return (
      (await loaderFor(context, 'sampleValues', async (ids: readonly string[]) => {
        const rows = await this.dataSource
          .getRepository(SampleValue)
          .find({ where: { sampleId: In([...ids]) }, order: { indicatorCode: 'ASC' } });
        const map = new Map<string, SampleValue[]>();
        for (const row of rows) map.set(row.sampleId, [...(map.get(row.sampleId) ?? []), row]);
        return map;
      }).load(sample.id)) ?? []
    );
  }

  @ResolveField(() => [String], {
    description: 'Required indicators (the seven and the requirement rules’) this sample lacks',
  })
  async missingIndicators(
    @Parent() sample: Sample & { missingIndicators?: string[] },
    @Context() context: object,
  ): Promise<string[]> {
    if (sample.missingIndicators) return sample.missingIndicators;
    return (
      (await loaderFor(context, 'sampleMissingIndicators', (ids: readonly string[]) =>
        this.required.missingForSamples(this.dataSource.manager, [...ids]),
      ).load(sample.id)) ?? []
    );
  }

  @Query(() => [RequiredIndicatorRule], { description: 'Requirement rules (必测指标要求) beyond the seven' })
  @RequirePermissions(Permission.DirectoryRead)
  requiredIndicatorRules() {
    return this.required.list();
  }

  @Query(() => RequiredIndicatorRule, {
    description: 'One requirement rule (REST GET /required-indicator-rules/:id)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  requiredIndicatorRule(@Args('id', { type: () => ID }) id: string) {
    return this.required.get(id);
  }

  @Query(() => OutfallRequiredIndicatorsType, {
    description: 'An outfall’s required indicators with reasons, and what its latest sample lacks',
  })
  @RequirePermissions(Permission.DirectoryRead)
  outfallRequiredIndicators(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.required.forOutfall(principal, outfallId);
  }

  @Mutation(() => RequiredIndicatorRule)
  @RequirePermissions(Permission.StandardsManage)
  createRequiredIndicatorRule(
    @Args('input', { type: () => RequiredIndicatorRuleDto }) input: RequiredIndicatorRuleDto,
  ) {
    return this.required.create(input);
  }

  @Mutation(() => RequiredIndicatorRule)
  @RequirePermissions(Permission.StandardsManage)
  updateRequiredIndicatorRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateRequiredIndicatorRuleDto }) input: UpdateRequiredIndicatorRuleDto,
  ) {
    return this.required.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Removes an added rule (a shipped one: deactivate it)' })
  @RequirePermissions(Permission.StandardsManage)
  async removeRequiredIndicatorRule(@Args('id', { type: () => ID }) id: string) {
    await this.required.remove(id);
    return true;
  }

  @Query(() => [Indicator], { description: 'The indicator catalogue (监测指标)' })
  @RequirePermissions(Permission.DirectoryRead)
  indicatorCatalogue() {
    return this.indicators.list();
  }

  @Query(() => [DischargeStandard], { description: 'Standards as data: national, provincial, local' })
  @RequirePermissions(Permission.DirectoryRead)
  dischargeStandards() {
    return this.standards.list();
  }

  @Query(() => DischargeStandard, { description: 'One standard grade (REST GET /standards/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  dischargeStandard(@Args('id', { type: () => ID }) id: string) {
    return this.standards.get(id);
  }

  @Query(() => OutfallStandardSetting, {
    nullable: true,
    description:
      'An outfall’s plant grade, build date and manual override (REST GET /outfalls/:id/standard-setting)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  outfallStandardSetting(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.standards.setting(principal, outfallId);
  }

  @Query(() => StandardResolutionType, { description: 'Which standard applies to an outfall, and why' })
  @RequirePermissions(Permission.DirectoryRead)
  async outfallStandard(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ): Promise<StandardResolutionType> {
    const r = await this.standards.resolution(principal, outfallId);
    return {
      outfallId,
      standard: r.standard as DischargeStandard,
      explanationZh: r.explanation.zh,
      explanationEn: r.explanation.en,
      zone: r.zone,
      facts: r.facts,
    };
  }

  @Query(() => SamplePage, { description: 'Monitoring records (监测记录)' })
  @RequirePermissions(Permission.DirectoryRead)
  samplesList(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MonitoringFilterDto, nullable: true }) filter?: MonitoringFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.samples.list(principal, { ...filter, ...page });
  }

  @Query(() => Sample, { description: 'One monitoring record with its readings (REST GET /samples/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  sample(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.samples.get(principal, id);
  }

  @Query(() => ExceedancePage, { description: 'Exceeding readings (超标) with limits and multiples' })
  @RequirePermissions(Permission.DirectoryRead)
  exceedances(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MonitoringFilterDto, nullable: true }) filter?: MonitoringFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.exceedanceService.list(principal, { ...filter, ...page });
  }

  @Query(() => ChronicPage, { description: 'Outfalls where N of the last M samples exceed' })
  @RequirePermissions(Permission.DirectoryRead)
  chronicOutfalls(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MonitoringFilterDto, nullable: true }) filter?: MonitoringFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.exceedanceService.chronic(principal, { ...filter, ...page });
  }

  @Query(() => OutfallMonitoringStatus)
  @RequirePermissions(Permission.DirectoryRead)
  outfallMonitoringStatus(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.exceedanceService.outfallStatus(principal, outfallId);
  }

  @Query(() => TracingPage, { description: 'Tracing records (溯源记录)' })
  @RequirePermissions(Permission.DirectoryRead)
  tracingRecords(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MonitoringFilterDto, nullable: true }) filter?: MonitoringFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.tracing.list(principal, { ...filter, ...page });
  }

  @Query(() => TracingRecord, { description: 'One tracing record with its sources (REST GET /tracing/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  tracingRecord(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.tracing.get(principal, id);
  }

  @Query(() => PollutionSourcePage, { description: 'The pollution-source list (污染源清单)' })
  @RequirePermissions(Permission.DirectoryRead)
  pollutionSources(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => MonitoringFilterDto, nullable: true }) filter?: MonitoringFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.tracing.pollutionSources(principal, { ...filter, ...page });
  }

  @Mutation(() => Sample, { description: 'One sample; the same outfall + time + source updates it' })
  @RequirePermissions(Permission.MonitoringWrite)
  createSample(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateSampleDto }) input: CreateSampleDto,
  ) {
    return this.samples.createOne(principal, input);
  }

  @Mutation(() => IngestResultType, {
    description: 'Up to 10 000 readings, all-or-nothing (see REST /samples/batch)',
  })
  @RequirePermissions(Permission.MonitoringWrite)
  ingestSamples(
    @CurrentPrincipal() principal: Principal,
    @Args('rows', { type: () => [GraphQLJSON] }) rows: object[],
  ) {
    return this.samples.ingestBatch(principal, rows);
  }

  @Mutation(() => OutfallStandardSetting)
  @RequirePermissions(Permission.MonitoringWrite)
  setOutfallStandardSetting(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('input', { type: () => OutfallStandardSettingDto }) input: OutfallStandardSettingDto,
  ) {
    return this.monitoring.putSetting(principal, outfallId, input);
  }

  @Mutation(() => TracingRecord)
  @RequirePermissions(Permission.MonitoringWrite)
  createTracingRecord(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('input', { type: () => TracingDto }) input: TracingDto,
  ) {
    return this.tracing.create(principal, outfallId, input);
  }

  @Mutation(() => TracingRecord)
  @RequirePermissions(Permission.MonitoringWrite)
  updateTracingRecord(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateTracingDto }) input: UpdateTracingDto,
  ) {
    return this.tracing.update(principal, id, input);
  }
}
