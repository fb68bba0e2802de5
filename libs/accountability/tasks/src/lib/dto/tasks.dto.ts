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

  @ApiPropertyOptional({ enum: TaskStatus })
  @Field(() => TaskStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TaskStatus, { message: enumMessage('status', TaskStatus) })
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TaskKind })
  @Field(() => TaskKind, { nullable: true })
  @IsOptional()
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind?: TaskKind;

  @ApiPropertyOptional()
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

  @ApiProperty({ enum: TaskKind })
  @Field(() => TaskKind)
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind: TaskKind;

  @ApiPropertyOptional()
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

  @ApiPropertyOptional({ enum: TaskState })
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
  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) title?: string;

  @ApiPropertyOptional({ enum: TaskKind })
  @Field(() => TaskKind, { nullable: true })
  @IsOptional()
  @IsEnum(TaskKind, { message: enumMessage('kind', TaskKind) })
  kind?: TaskKind;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceClause?: string;

  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @CalendarDay() deadline?: string;

  @ApiPropertyOptional({ enum: TaskState })
  @Field(() => TaskState, { nullable: true })
  @IsOptional()
  @IsEnum(TaskState, { message: enumMessage('state', TaskState) })
  state?: TaskState;

  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @CalendarDay() completedOn?: string;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leadUnitId must be a UUID' })
  leadUnitId?: string;

  @ApiPropertyOptional({ type: [String] })
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'cooperatingUnitIds must be UUIDs' })
  cooperatingUnitIds?: string[];

  @ApiPropertyOptional({ type: [String] })
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
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TaskKind }) kind: TaskKind;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceClause: string | null;
  @ApiProperty({ example: '2023-12-31' }) deadline: string;
  @ApiProperty({ enum: TaskState }) state: TaskState;
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ enum: TaskStatus }) status: TaskStatus;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: TaskUnitRefDto, nullable: true }) lead: TaskUnitRefDto | null;
  @ApiProperty({ type: [TaskUnitRefDto] }) cooperating: TaskUnitRefDto[];
  @ApiProperty({ type: [TaskUnitRefDto] }) responsible: TaskUnitRefDto[];
  @ApiProperty() demo: boolean;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() version: number;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items: TaskDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

@ObjectType('UnitTaskGroup')
export class UnitTaskGroupDto {
  @ApiProperty({ enum: TaskRole }) @Field(() => TaskRole) role: TaskRole;
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) done: number;
  @ApiProperty() @Field(() => Int) overdue: number;
  @ApiProperty({ type: [TaskDto] }) @Field(() => [GraphQLJSON]) tasks: object[];
}

@ObjectType('UnitTasks')
export class UnitTasksDto {
  @ApiProperty() @Field(() => ID) unitId: string;
  @ApiProperty() @Field() unitName: string;
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
  @ApiPropertyOptional()
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
  @ApiProperty()
  @Field(() => ID)
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId: string;

  @ApiProperty({ example: '头屯河六工段' }) @Field() @IsString() @Length(1, 100) name: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fromDescription?: string;

  @ApiPropertyOptional()
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
  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) name?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fromDescription?: string;

  @ApiPropertyOptional()
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

  @ApiProperty() @Field(() => Int) @IsInt() @Min(1) version: number;
}

@InputType('RiverChiefFilter')
export class RiverChiefFilterDto {
  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'sectionId must be a UUID' })
  sectionId?: string;

  @ApiPropertyOptional({ enum: RiverChiefLevel })
  @Field(() => RiverChiefLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level?: RiverChiefLevel;

  @ApiPropertyOptional()
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
  @ApiProperty()
  @Field(() => ID)
  @IsUUID('all', { message: 'sectionId must be a UUID' })
  sectionId: string;

  @ApiProperty({ enum: RiverChiefLevel })
  @Field(() => RiverChiefLevel)
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level: RiverChiefLevel;

  @ApiProperty({ example: '张三' }) @Field() @IsString() @Length(1, 50) name: string;

  @ApiProperty()
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
  @ApiPropertyOptional({ enum: RiverChiefLevel })
  @Field(() => RiverChiefLevel, { nullable: true })
  @IsOptional()
  @IsEnum(RiverChiefLevel, { message: enumMessage('level', RiverChiefLevel) })
  level?: RiverChiefLevel;

  @ApiPropertyOptional() @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 50) name?: string;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  position?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mainland mobile or landline number' })
  phone?: string;

  @ApiProperty() @Field(() => Int) @IsInt() @Min(1) version: number;
}

// ---- the chief's view ----

@ObjectType('MilestoneCount')
export class MilestoneCountDto {
  @ApiProperty() @Field() milestone: string;
  @ApiProperty() @Field() label: string;
  @ApiProperty() @Field(() => Int) count: number;
}

export class SectionOutfallDto {
  @ApiProperty() id: string;
  @ApiProperty() localCode: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty({ nullable: true, type: String }) township: string | null;
  @ApiProperty() distanceM: number;
  @ApiProperty({ nullable: true, type: String }) stage: string | null;
}

@ObjectType('SectionProblems')
export class SectionProblemsDto {
  @ApiProperty({ description: 'Remediation plans past their deadline, not completed' })
  @Field(() => [GraphQLJSON])
  overduePlans: object[];

  @ApiProperty({ description: 'Exceeding samples in the last 90 days' })
  @Field(() => [GraphQLJSON])
  recentExceedances: object[];

  @ApiProperty({ description: 'Outfalls not traced after their tracing deadline' })
  @Field(() => [GraphQLJSON])
  untracedPastDeadline: object[];
}

export class RiverSectionViewDto {
  @ApiProperty() section: object;
  @ApiProperty({ type: [Object] }) chiefs: object[];
  @ApiProperty({ type: [SectionOutfallDto] }) outfalls: SectionOutfallDto[];
  @ApiProperty({ type: [MilestoneCountDto] }) progress: MilestoneCountDto[];
  @ApiProperty({ type: SectionProblemsDto }) problems: SectionProblemsDto;
  @ApiProperty() asOf: string;
}

export class RelinkResultDto {
  @ApiProperty() linked: number;
  @ApiProperty() distanceM: number;
}

export class RiverSectionDto {
  @ApiProperty() id: string;
  @ApiProperty() waterBodyId: string;
  @ApiProperty({ nullable: true, type: String }) waterBodyName: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) fromDescription: string | null;
  @ApiProperty({ nullable: true, type: String }) toDescription: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'GeoJSON (WGS84)' }) geojson: object | null;
  @ApiProperty() outfallCount: number;
  @ApiProperty() demo: boolean;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() version: number;
}

export class RiverSectionPageDto {
  @ApiProperty({ type: [RiverSectionDto] }) items: RiverSectionDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class RiverChiefDto {
  @ApiProperty() id: string;
  @ApiProperty() sectionId: string;
  @ApiProperty({ nullable: true, type: String }) sectionName: string | null;
  @ApiProperty({ enum: RiverChiefLevel }) level: RiverChiefLevel;
  @ApiProperty() name: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty() phone: string;
  @ApiProperty() demo: boolean;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() version: number;
}

export class RiverChiefPageDto {
  @ApiProperty({ type: [RiverChiefDto] }) items: RiverChiefDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
