import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, enumMessage, GraphQLJSON, ListQueryDto, queryBool } from '@outfall/common';
import { RiverChiefLevel, TaskKind, TaskRole, TaskState, TaskStatus } from '@outfall/shared-types';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

@InputType('TaskFilter')
export class TaskFilterDto {
  @ApiPropertyOptional({ description: 'Tasks in which this unit has a role' })
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ enum: TaskRole, description: 'With unitId: only that role' })
  @Field(() => TaskRole, { nullable: true })
  @IsOptional()
  @IsEnum(TaskRole, { message: enumMessage('role', TaskRole) })
  role?: TaskRole;

  @Field(() => TaskStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TaskStatus, { message: enumMessage('status', TaskStatus) })
  status?: TaskStatus;

  @Field(() => TaskKind, { nullable: true })
  @IsOptional()
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind?: TaskKind;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text in code, title or source clause' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    description: 'Status as of this Beijing day (default today); a date-time is read as its Beijing day',
  })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  asOf?: string;
}

export class TaskQueryDto extends IntersectionType(ListQueryDto, TaskFilterDto) {}

@InputType('CreateTaskInput')
export class CreateTaskDto {
  @ApiProperty({ example: 'RW-2023-01' })
  @Field()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, { message: 'code must be 2–32 letters, digits or -' })
  code: string;

  @ApiProperty({ example: '建立入河排污口名录清单' })
  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field(() => TaskKind)
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind: TaskKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ example: '三（一）1' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceClause?: string;

  @ApiProperty({ example: '2023-12-31' })
  @Field()
  @CalendarDay()
  deadline: string;

  @Field(() => TaskState, { nullable: true })
  @IsOptional()
  @IsEnum(TaskState, { message: enumMessage('state', TaskState) })
  state?: TaskState;

  @ApiPropertyOptional({ description: 'When done (default today)' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  completedOn?: string;

  @ApiProperty({ description: '牵头单位' })
  @Field(() => ID)
  @IsUUID('all', { message: 'leadUnitId must be a UUID' })
  leadUnitId: string;

  @ApiPropertyOptional({ type: [String], description: '配合单位' })
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'cooperatingUnitIds must be UUIDs' })
  cooperatingUnitIds?: string[];

  @ApiPropertyOptional({ type: [String], description: '责任单位' })
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'responsibleUnitIds must be UUIDs' })
  responsibleUnitIds?: string[];
}

@InputType('UpdateTaskInput')
export class UpdateTaskDto {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) title?: string;

  @Field(() => TaskKind, { nullable: true })
  @IsOptional()
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind?: TaskKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceClause?: string;

  @Field({ nullable: true }) @IsOptional() @CalendarDay() deadline?: string;

  @Field(() => TaskState, { nullable: true })
  @IsOptional()
  @IsEnum(TaskState, { message: enumMessage('state', TaskState) })
  state?: TaskState;

  @Field({ nullable: true }) @IsOptional() @CalendarDay() completedOn?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leadUnitId must be a UUID' })
  leadUnitId?: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'cooperatingUnitIds must be UUIDs' })
  cooperatingUnitIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'responsibleUnitIds must be UUIDs' })
  responsibleUnitIds?: string[];

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

export class TaskLedgerDto extends TaskFilterDto {}

// ---- response schemas (OpenAPI) ----

export class TaskUnitRefDto {
  id: string;
  name: string;
}

export class TaskDto {
  id: string;
  code: string;
  title: string;
  kind: TaskKind;
  description: string | null;
  sourceClause: string | null;
  @ApiProperty({ example: '2023-12-31' }) deadline: string;
  state: TaskState;
  completedOn: string | null;
  status: TaskStatus;
  overdue: boolean;
  lead: TaskUnitRefDto | null;
  cooperating: TaskUnitRefDto[];
  responsible: TaskUnitRefDto[];
  demo: boolean;
  updatedAt: Date;
  version: number;
}

export class TaskPageDto {
  items: TaskDto[];
  total: number;
  limit: number;
  offset: number;
}

@ObjectType('UnitTaskGroup')
export class UnitTaskGroupDto {
  @Field(() => TaskRole) role: TaskRole;
  @Field(() => Int) total: number;
  @Field(() => Int) done: number;
  @Field(() => Int) overdue: number;
  @ApiProperty({ type: [TaskDto] }) @Field(() => [GraphQLJSON]) tasks: object[];
}

@ObjectType('UnitTasks')
export class UnitTasksDto {
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @ApiProperty({ description: 'Beijing day the statuses are computed for' }) @Field() asOf: string;
  @ApiProperty({ type: [UnitTaskGroupDto], description: 'lead, cooperating, responsible — in that order' })
  @Field(() => [UnitTaskGroupDto])
  groups: UnitTaskGroupDto[];
}

export class UnitTasksQueryDto {
  @ApiPropertyOptional({ description: 'Beijing day (default today)' })
  @IsOptional()
  @CalendarDay()
  asOf?: string;
}

// ---- river sections and chiefs ----

@InputType('RiverSectionFilter')
export class RiverSectionFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;

  @ApiPropertyOptional({ description: 'Text in the name' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class RiverSectionQueryDto extends IntersectionType(ListQueryDto, RiverSectionFilterDto) {}

@InputType('CreateRiverSectionInput')
export class CreateRiverSectionDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId: string;

  @ApiProperty({ example: '头屯河六工段' }) @Field() @IsString() @Length(1, 100) name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fromDescription?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  toDescription?: string;

  @ApiPropertyOptional({
    description: 'GeoJSON LineString, MultiLineString, Polygon or MultiPolygon (WGS84)',
  })
  @Field(() => GraphQLJSON, { nullable: true })
  @IsOptional()
  @IsObject({ message: 'geometry must be a GeoJSON object' })
  geometry?: Record<string, unknown> | null;
}

@InputType('UpdateRiverSectionInput')
export class UpdateRiverSectionDto {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fromDescription?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  toDescription?: string;

  @ApiPropertyOptional({ description: 'GeoJSON line or area; null removes it' })
  @Field(() => GraphQLJSON, { nullable: true })
  @IsOptional()
  @IsObject({ message: 'geometry must be a GeoJSON object' })
  geometry?: Record<string, unknown> | null;

  @Field(() => Int) @IsInt() @Min(1) version: number;
}

@InputType('RiverChiefFilter')
export class RiverChiefFilterDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'sectionId must be a UUID' })
  sectionId?: string;

  @Field(() => RiverChiefLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level?: RiverChiefLevel;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Text in the name' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export class RiverChiefQueryDto extends IntersectionType(ListQueryDto, RiverChiefFilterDto) {}

@InputType('CreateRiverChiefInput')
export class CreateRiverChiefDto {
  @Field(() => ID)
  @IsUUID('all', { message: 'sectionId must be a UUID' })
  sectionId: string;

  @Field(() => RiverChiefLevel)
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level: RiverChiefLevel;

  @ApiProperty({ example: '张三' }) @Field() @IsString() @Length(1, 50) name: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId: string;

  @ApiPropertyOptional({ example: '副镇长' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  position?: string;

  @ApiProperty({ example: '13800000000' })
  @Field()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mainland mobile or landline number' })
  phone: string;
}

@InputType('UpdateRiverChiefInput')
export class UpdateRiverChiefDto {
  @Field(() => RiverChiefLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level?: RiverChiefLevel;

  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 50) name?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  position?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mainland mobile or landline number' })
  phone?: string;

  @Field(() => Int) @IsInt() @Min(1) version: number;
}

// ---- the chief's view ----

@ObjectType('MilestoneCount')
export class MilestoneCountDto {
  @Field() milestone: string;
  @Field() label: string;
  @Field(() => Int) count: number;
}

export class SectionOutfallDto {
  id: string;
  localCode: string;
  name: string;
  category: string;
  township: string | null;
  distanceM: number;
  stage: string | null;
}

// The rows of the chief's problem lists as the view's queries select them (OpenAPI only; GraphQL keeps JSON).
export class SectionOverduePlanDto {
  id: string;
  outfallId: string;
  localCode: string;
  name: string;
  @ApiProperty({ description: 'The responsible unit' }) unit: string;
  @ApiProperty({ example: '2023-12-31' }) deadline: string;
  status: string;
  daysOverdue: number;
}

export class SectionExceedanceDto {
  id: string;
  outfallId: string;
  localCode: string;
  name: string;
  sampledAt: Date;
  exceedingCount: number;
}

export class SectionUntracedOutfallDto {
  outfallId: string;
  localCode: string;
  name: string;
  @ApiProperty({ example: '2023-12-31' }) tracingDeadline: string;
}

@ObjectType('SectionProblems')
export class SectionProblemsDto {
  @ApiProperty({
    type: [SectionOverduePlanDto],
    description: 'Remediation plans past their deadline, not completed',
  })
  @Field(() => [GraphQLJSON])
  overduePlans: object[];

  @ApiProperty({ type: [SectionExceedanceDto], description: 'Exceeding samples in the last 90 days' })
  @Field(() => [GraphQLJSON])
  recentExceedances: object[];

  @ApiProperty({
    type: [SectionUntracedOutfallDto],
    description: 'Outfalls not traced after their tracing deadline',
  })
  @Field(() => [GraphQLJSON])
  untracedPastDeadline: object[];
}

export class RiverSectionViewDto {
  @ApiProperty({ type: () => RiverSectionDto }) section: object;
  @ApiProperty({ type: () => [RiverChiefDto] }) chiefs: object[];
  outfalls: SectionOutfallDto[];
  progress: MilestoneCountDto[];
  problems: SectionProblemsDto;
  asOf: string;
}

export class RelinkResultDto {
  linked: number;
  distanceM: number;
}

export class RiverSectionDto {
  id: string;
  waterBodyId: string;
  waterBodyName: string | null;
  name: string;
  fromDescription: string | null;
  toDescription: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'GeoJSON (WGS84)' }) geojson: object | null;
  outfallCount: number;
  demo: boolean;
  updatedAt: Date;
  version: number;
}

export class RiverSectionPageDto {
  items: RiverSectionDto[];
  total: number;
  limit: number;
  offset: number;
}

export class RiverChiefDto {
  id: string;
  sectionId: string;
  sectionName: string | null;
  level: RiverChiefLevel;
  name: string;
  unitId: string;
  unitName: string | null;
  position: string | null;
  phone: string;
  demo: boolean;
  updatedAt: Date;
  version: number;
}

export class RiverChiefPageDto {
  items: RiverChiefDto[];
  total: number;
  limit: number;
  offset: number;
}
