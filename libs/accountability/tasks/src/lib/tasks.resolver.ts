import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import {
  CreateRiverChiefDto,
  CreateRiverSectionDto,
  CreateTaskDto,
  MilestoneCountDto,
  RiverChiefFilterDto,
  RiverSectionFilterDto,
  SectionProblemsDto,
  TaskFilterDto,
  UnitTasksDto,
  UpdateRiverChiefDto,
  UpdateRiverSectionDto,
  UpdateTaskDto,
} from './dto/tasks.dto';
import { RiverChief, RiverSection, SectionOutfallView } from './rivers/river.entity';
import { RiversService } from './rivers/rivers.service';
import { TaskView } from './tasks/task.entity';
import { TasksService } from './tasks/tasks.service';

const TaskPage = Paginated(TaskView, 'Task');
const RiverSectionPage = Paginated(RiverSection, 'RiverSection');
const RiverChiefPage = Paginated(RiverChief, 'RiverChief');

@ObjectType('RiverSectionView')
class RiverSectionViewType {
  @Field() asOf: string;
  @Field(() => RiverSection) section: RiverSection;
  @Field(() => [RiverChief]) chiefs: RiverChief[];
  @Field(() => [SectionOutfallView]) outfalls: SectionOutfallView[];
  @Field(() => [MilestoneCountDto]) progress: MilestoneCountDto[];
  @Field(() => SectionProblemsDto) problems: SectionProblemsDto;
}

@ObjectType('RelinkResult')
class RelinkResultType {
  @Field(() => Int) linked: number;
  @Field(() => Int) distanceM: number;
}

/** GraphQL for tasks, river sections and chiefs; the same services as REST. */
@Resolver()
export class TasksResolver {
  constructor(
    private readonly taskService: TasksService,
    private readonly rivers: RiversService,
  ) {}

  @Query(() => TaskPage, { description: 'Tasks of the plan (任务分工)' })
  @RequirePermissions(Permission.OrgRead)
  tasks(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => TaskFilterDto, nullable: true }) filter?: TaskFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.taskService.list(principal, { ...filter, ...page });
  }

  @Query(() => TaskView)
  @RequirePermissions(Permission.OrgRead)
  task(@Args('id', { type: () => ID }) id: string) {
    return this.taskService.get(id);
  }

  @Query(() => UnitTasksDto, { description: 'What a unit leads, supports and owes' })
  @RequirePermissions(Permission.OrgRead)
  unitTasks(
    @Args('unitId', { type: () => ID }) unitId: string,
    @Args('asOf', { nullable: true }) asOf?: string,
  ) {
    return this.taskService.forUnit(unitId, asOf ?? undefined);
  }

  @Mutation(() => TaskView)
  @RequirePermissions(Permission.TaskManage)
  createTask(@CurrentPrincipal() principal: Principal, @Args('input') input: CreateTaskDto) {
    return this.taskService.create(principal, input);
  }

  @Mutation(() => TaskView)
  @RequirePermissions(Permission.TaskManage)
  updateTask(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateTaskDto,
  ) {
    return this.taskService.update(principal, id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.TaskManage)
  async deleteTask(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    await this.taskService.remove(principal, id);
    return true;
  }

  @Query(() => RiverSectionPage, { description: 'River sections (河段)' })
  @RequirePermissions(Permission.DirectoryRead)
  riverSections(
    @Args('filter', { type: () => RiverSectionFilterDto, nullable: true }) filter?: RiverSectionFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.rivers.listSections({ ...filter, ...page });
  }

  @Query(() => RiverSection, { description: 'One river section (REST GET /river-sections/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  riverSection(@Args('id', { type: () => ID }) id: string) {
    return this.rivers.getSection(id);
  }

  @Query(() => RiverSectionViewType, { description: 'A section as its river chief sees it' })
  @RequirePermissions(Permission.DirectoryRead)
  riverSectionView(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', { nullable: true }) asOf?: string,
  ) {
    return this.rivers.view(principal, id, asOf ?? undefined);
  }

  @Query(() => RiverChiefPage, { description: 'River chiefs (河湖长)' })
  @RequirePermissions(Permission.DirectoryRead)
  riverChiefs(
    @Args('filter', { type: () => RiverChiefFilterDto, nullable: true }) filter?: RiverChiefFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.rivers.listChiefs({ ...filter, ...page });
  }

  @Query(() => RiverChief, { description: 'One river chief (REST GET /river-chiefs/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  riverChief(@Args('id', { type: () => ID }) id: string) {
    return this.rivers.getChief(id);
  }

  @Mutation(() => RiverSection)
  @RequirePermissions(Permission.RiverChiefWrite)
  createRiverSection(@Args('input') input: CreateRiverSectionDto) {
    return this.rivers.createSection(input);
  }

  @Mutation(() => RiverSection)
  @RequirePermissions(Permission.RiverChiefWrite)
  updateRiverSection(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRiverSectionDto,
  ) {
    return this.rivers.updateSection(id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.RiverChiefWrite)
  async deleteRiverSection(@Args('id', { type: () => ID }) id: string) {
    await this.rivers.removeSection(id);
    return true;
  }

  @Mutation(() => RelinkResultType, { description: 'Links every outfall to its nearest section again' })
  @RequirePermissions(Permission.RiverChiefWrite)
  relinkRiverSections() {
    return this.rivers.relinkAll();
  }

  @Mutation(() => RiverChief)
  @RequirePermissions(Permission.RiverChiefWrite)
  createRiverChief(@Args('input') input: CreateRiverChiefDto) {
    return this.rivers.createChief(input);
  }

  @Mutation(() => RiverChief)
  @RequirePermissions(Permission.RiverChiefWrite)
  updateRiverChief(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateRiverChiefDto) {
    return this.rivers.updateChief(id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.RiverChiefWrite)
  async deleteRiverChief(@Args('id', { type: () => ID }) id: string) {
    await this.rivers.removeChief(id);
    return true;
  }
}
