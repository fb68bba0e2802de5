import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { OutfallsService, plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import { DispositionService } from './disposition/disposition.service';
import {
  CreatePlanDto,
  DecideDispositionDto,
  DispositionQueryDto,
  PlanQueryDto,
  RemediationPlanView,
  RemediationPlanViewPage,
  RemediationLedgerDto,
  SewerCoverageDto,
  TransitionDto,
  UpdatePlanDto,
} from './dto/remediation.dto';
import {
  DispositionView,
  DispositionViewPage,
  OverdueGroup,
  SewerCoverageCollection,
  SewerCoverageCreated,
} from './dto/remediation.responses';
import { REMEDIATION_LEDGER_JOB } from './ledgers/remediation-ledger.job';
import { actionsFrom, isOverdue } from './plans/plan-workflow';
import { PlansService } from './plans/plans.service';
import { RemediationPlan } from './plans/remediation-plan.entity';

/**
 * A plan with the actions open from its state (the caller's permissions decide which it may take) and whether
 * it is overdue today (Beijing day past the deadline, not completed).
 */
function view(plan: RemediationPlan): RemediationPlanView {
  return { ...plan, nextActions: actionsFrom(plan.status), overdue: isOverdue(plan.deadline, plan.status) };
}

/** Disposition (三个一批), one-outfall-one-policy plans (一口一策), their workflow, ledgers and archives. */
@ApiTags('remediation')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class RemediationController {
  constructor(
    private readonly dispositions: DispositionService,
    private readonly plans: PlansService,
    private readonly queue: QueueService,
    private readonly outfalls: OutfallsService,
  ) {}

  /** Outfalls with the suggested disposition (and its reasons) and the decision taken, if any. */
  @Get('remediation/dispositions')
  @RequirePermissions(Permission.DirectoryRead)
  dispositionList(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DispositionQueryDto,
  ): Promise<DispositionViewPage> {
    return this.dispositions.list(principal, query);
  }

  /** An outfall's disposition: its remediation plan and where it stands. */
  @Get('outfalls/:id/disposition')
  @RequirePermissions(Permission.DirectoryRead)
  disposition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DispositionView> {
    return this.dispositions.forOutfall(principal, id);
  }

  /** Confirms or changes the suggestion (a reason when it differs); sets "remediation decided". */
  @Put('outfalls/:id/disposition')
  @RequirePermissions(Permission.Approve)
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: DecideDispositionDto,
  ) {
    return this.dispositions.decide(principal, id, input);
  }

  /** Plans, filtered (status, unit, township, water, category, overdue) and sorted (deadline, status…). */
  @Get('remediation/plans')
  @RequirePermissions(Permission.DirectoryRead)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PlanQueryDto,
  ): Promise<RemediationPlanViewPage> {
    const page = await this.plans.list(principal, query);
    return { ...page, items: page.items.map(view) };
  }

  /** Overdue plans counted per responsible unit or per township (`by=unit|township`). */
  @Get('remediation/overdue')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiQuery({
    name: 'by',
    enum: ['unit', 'township'],
    enumName: 'OverdueGroupBy',
    description: 'Count per responsible unit or per township',
  })
  overdue(@CurrentPrincipal() principal: Principal, @Query('by') by: string): Promise<OverdueGroup[]> {
    return this.plans.overdueBy(principal, by);
  }

  /** One remediation plan. */
  @Get('remediation/plans/:id')
  @RequirePermissions(Permission.DirectoryRead)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<RemediationPlanView> {
    return view(await this.plans.get(principal, id));
  }

  /** Every version of the plan: edits and transitions with who, when and why. */
  @Get('remediation/plans/:id/versions')
  @RequirePermissions(Permission.DirectoryRead)
  versions(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.plans.versions(principal, id);
  }

  /** Creates a remediation plan for an outfall. */
  @Post('remediation/plans')
  @RequirePermissions(Permission.RemediationWrite)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreatePlanDto,
  ): Promise<RemediationPlanView> {
    return view(await this.plans.create(principal, input));
  }

  /** Updates a remediation plan. */
  @Patch('remediation/plans/:id')
  @RequirePermissions(Permission.RemediationWrite)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdatePlanDto,
  ): Promise<RemediationPlanView> {
    return view(await this.plans.update(principal, id, input));
  }

  /**
   * A workflow step: submit, approve / return (ecology branch), start, complete (with after photos),
   * reject_completion / verify (ecology branch; verification is evidence-gated).
   */
  @Post('remediation/plans/:id/transitions')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.DirectoryRead)
  async transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: TransitionDto,
  ): Promise<RemediationPlanView> {
    return view(await this.plans.transition(principal, id, input));
  }

  /** Queues the rectification-measures ledger, the on-site investigation ledger or the 一口一档 archive. */
  @Post('remediation/ledgers')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  async ledger(
    @CurrentPrincipal() principal: Principal,
    @Body() input: RemediationLedgerDto,
  ): Promise<JobDto> {
    const { kind, ...filter } = input;
    // one outfall's archive: 404 outside the caller's jurisdiction, the same answer as reading it
    if (filter.outfallId) await this.outfalls.get(principal, filter.outfallId);
    return toJobDto(await this.queue.enqueue(REMEDIATION_LEDGER_JOB, { kind, filter: plainFilter(filter) }));
  }

  /** The sewer network's coverage (GeoJSON): domestic outfalls inside are suggested to merge into it. */
  @Get('sewer-coverage-areas')
  @RequirePermissions(Permission.DirectoryRead)
  coverage(): Promise<SewerCoverageCollection> {
    return this.dispositions.coverage();
  }

  /** Adds a sewer coverage area. */
  @Post('sewer-coverage-areas')
  @RequirePermissions(Permission.LayerWrite)
  addCoverage(@Body() input: SewerCoverageDto): Promise<SewerCoverageCreated> {
    return this.dispositions.addCoverage(input);
  }

  /** Deletes a sewer coverage area. */
  @Delete('sewer-coverage-areas/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.LayerWrite)
  removeCoverage(@Param('id', ParseUUIDPipe) id: string) {
    return this.dispositions.removeCoverage(id);
  }
}
