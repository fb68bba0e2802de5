import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import {
  FindingFilterDto,
  PermitDto,
  PermitFilterDto,
  ScheduleDto,
  ScheduleFilterDto,
  UpdatePermitDto,
  UpdateScheduleDto,
} from './dto/permits.dto';
import {
  DischargePermitPage,
  MonitoringFindingPage,
  MonitoringSchedulePage,
  OutfallPermitStatus,
} from './findings/finding.view';
import { FindingsService } from './findings/findings.service';
import { PermitStatusService } from './permit-status.service';
import { DischargePermit } from './permits/discharge-permit.entity';
import { PermitsService } from './permits/permits.service';
import { MonitoringSchedule } from './schedules/monitoring-schedule.entity';
import { SchedulesService } from './schedules/schedules.service';

/** GraphQL for permits, schedules and findings; the same services as REST. */
@Resolver(() => DischargePermit)
export class PermitsResolver {
  constructor(
    private readonly permits: PermitsService,
    private readonly schedules: SchedulesService,
    private readonly findings: FindingsService,
    private readonly status: PermitStatusService,
  ) {}

  @Query(() => DischargePermitPage, { description: 'Discharge permits (排污许可证)' })
  @RequirePermissions(Permission.DirectoryRead)
  dischargePermits(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => PermitFilterDto, nullable: true }) filter?: PermitFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.permits.list(principal, { ...filter, ...page });
  }

  @Query(() => DischargePermit)
  @RequirePermissions(Permission.DirectoryRead)
  dischargePermit(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.permits.get(principal, id);
  }

  @Query(() => MonitoringFindingPage, {
    description: 'Missing-data findings: non-receipt (未按要求自行监测) and missed scheduled samples',
  })
  @RequirePermissions(Permission.DirectoryRead)
  monitoringFindings(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => FindingFilterDto, nullable: true }) filter?: FindingFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.findings.list(principal, { ...filter, ...page });
  }

  @Query(() => MonitoringSchedulePage, { description: 'Recurring monitoring schedules (监测计划)' })
  @RequirePermissions(Permission.DirectoryRead)
  monitoringSchedules(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => ScheduleFilterDto, nullable: true }) filter?: ScheduleFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.schedules.list(principal, { ...filter, ...page });
  }

  @Query(() => MonitoringSchedule, {
    description: 'One monitoring schedule (REST GET /monitoring-schedules/:id)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  monitoringSchedule(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.schedules.get(principal, id);
  }

  @Query(() => OutfallPermitStatus, { description: 'Permitted outlets, expiry, schedules and findings' })
  @RequirePermissions(Permission.DirectoryRead)
  outfallPermitStatus(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.status.forOutfall(principal, outfallId);
  }

  @Mutation(() => DischargePermit)
  @RequirePermissions(Permission.PermitWrite)
  createDischargePermit(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => PermitDto }) input: PermitDto,
  ) {
    return this.permits.create(principal, input);
  }

  @Mutation(() => DischargePermit)
  @RequirePermissions(Permission.PermitWrite)
  updateDischargePermit(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdatePermitDto }) input: UpdatePermitDto,
  ) {
    return this.permits.update(principal, id, input);
  }

  @Mutation(() => MonitoringSchedule)
  @RequirePermissions(Permission.SupervisionConfigure)
  createMonitoringSchedule(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => ScheduleDto }) input: ScheduleDto,
  ) {
    return this.schedules.create(principal, input);
  }

  @Mutation(() => MonitoringSchedule)
  @RequirePermissions(Permission.SupervisionConfigure)
  updateMonitoringSchedule(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateScheduleDto }) input: UpdateScheduleDto,
  ) {
    return this.schedules.update(principal, id, input);
  }
}
