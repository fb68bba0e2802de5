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
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, PageResult, Principal, RequirePermissions } from '@outfall/common';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  CreateRiverChiefDto,
  CreateRiverSectionDto,
  CreateTaskDto,
  RelinkResultDto,
  RiverChiefDto,
  RiverChiefPageDto,
  RiverSectionDto,
  RiverSectionPageDto,
  RiverChiefQueryDto,
  RiverSectionQueryDto,
  RiverSectionViewDto,
  TaskDto,
  TaskLedgerDto,
  TaskPageDto,
  TaskQueryDto,
  UnitTasksDto,
  UnitTasksQueryDto,
  UpdateRiverChiefDto,
  UpdateRiverSectionDto,
  UpdateTaskDto,
} from './dto/tasks.dto';
import { TASK_LEDGER_JOB } from './ledger/task-ledger.job';
import { RiversService } from './rivers/rivers.service';
import { TaskView } from './tasks/task.entity';
import { TasksService } from './tasks/tasks.service';
import { plainFilter } from '@outfall/directory';

/** Tasks of the plan with lead, cooperating and responsible units (任务分工); a unit's tasks. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly queue: QueueService,
  ) {}

  /** Tasks filtered by unit (and its role), status, kind, overdue; sorted (deadline, code, title, kind, state). */
  @Get('tasks')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: TaskPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TaskQueryDto,
  ): Promise<PageResult<TaskView>> {
    return this.tasks.list(principal, query);
  }

  /** One task. */
  @Get('tasks/:id')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: TaskDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TaskView> {
    return this.tasks.get(id);
  }

  /** Creates a task. */
  @Post('tasks')
  @RequirePermissions(Permission.TaskManage)
  @ApiCreatedResponse({ type: TaskDto })
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateTaskDto): Promise<TaskView> {
    return this.tasks.create(principal, input);
  }

  /** Updates a task. */
  @Patch('tasks/:id')
  @RequirePermissions(Permission.TaskManage)
  @ApiOkResponse({ type: TaskDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.update(principal, id, input);
  }

  /** Deletes a task. */
  @Delete('tasks/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.TaskManage)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.tasks.remove(principal, id);
  }

  /** Queues the division-of-labour ledger (任务分工台账, XLSX) for the list filters. */
  @Post('tasks/ledger')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.OrgRead)
  @ApiAcceptedResponse({ type: JobDto })
  async ledger(@Body() input: TaskLedgerDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(TASK_LEDGER_JOB, { filter: plainFilter(input) }));
  }

  /** What a unit leads (牵头), supports (配合) and owes (责任), with done and overdue counts per role. */
  @Get('units/:id/tasks')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: UnitTasksDto })
  unitTasks(@Param('id', ParseUUIDPipe) id: string, @Query() query: UnitTasksQueryDto) {
    return this.tasks.forUnit(id, query.asOf);
  }
}

/** Rivers and sections (河段) with their river chiefs (河湖长制), outfall links and the chief's view. */
@ApiTags('river-chiefs')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class RiversController {
  constructor(private readonly rivers: RiversService) {}

  /** River sections, one page. */
  @Get('river-sections')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RiverSectionPageDto })
  sections(@Query() query: RiverSectionQueryDto) {
    return this.rivers.listSections(query);
  }

  /** Re-links every outfall to its nearest section (e.g. after outfalls were moved or imported). */
  @Post('river-sections/relink')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiOkResponse({ type: RelinkResultDto })
  relink() {
    return this.rivers.relinkAll();
  }

  /** One river section. */
  @Get('river-sections/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RiverSectionDto })
  section(@Param('id', ParseUUIDPipe) id: string) {
    return this.rivers.getSection(id);
  }

  /** The chief's view: the section's outfalls, counts by milestone, open problems. */
  @Get('river-sections/:id/view')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RiverSectionViewDto })
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: UnitTasksQueryDto,
  ) {
    return this.rivers.view(principal, id, query.asOf);
  }

  /** Creates a river section. */
  @Post('river-sections')
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiCreatedResponse({ type: RiverSectionDto })
  createSection(@Body() input: CreateRiverSectionDto) {
    return this.rivers.createSection(input);
  }

  /** Updates a river section. */
  @Patch('river-sections/:id')
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiOkResponse({ type: RiverSectionDto })
  updateSection(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateRiverSectionDto) {
    return this.rivers.updateSection(id, input);
  }

  /** Deletes a river section. */
  @Delete('river-sections/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiNoContentResponse()
  removeSection(@Param('id', ParseUUIDPipe) id: string) {
    return this.rivers.removeSection(id);
  }

  /** River chiefs (河长), one page. */
  @Get('river-chiefs')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RiverChiefPageDto })
  chiefs(@Query() query: RiverChiefQueryDto) {
    return this.rivers.listChiefs(query);
  }

  /** One river chief. */
  @Get('river-chiefs/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: RiverChiefDto })
  chief(@Param('id', ParseUUIDPipe) id: string) {
    return this.rivers.getChief(id);
  }

  /** Adds a river chief. */
  @Post('river-chiefs')
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiCreatedResponse({ type: RiverChiefDto })
  createChief(@Body() input: CreateRiverChiefDto) {
    return this.rivers.createChief(input);
  }

  /** Updates a river chief. */
  @Patch('river-chiefs/:id')
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiOkResponse({ type: RiverChiefDto })
  updateChief(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateRiverChiefDto) {
    return this.rivers.updateChief(id, input);
  }

  /** Deletes a river chief. */
  @Delete('river-chiefs/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.RiverChiefWrite)
  @ApiNoContentResponse()
  removeChief(@Param('id', ParseUUIDPipe) id: string) {
    return this.rivers.removeChief(id);
  }
}
