import { AuditLog } from '../audit-log.entity';
import { Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Instant, ListQueryDto, PageOf } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Audit filters: entity, actor, action, request and a time window. */
@InputType('AuditFilter')
export class AuditFilterDto {
  @ApiPropertyOptional({ example: 'unit' })
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[a-z_]{1,64}$/, { message: 'entityType must be a lower-case entity name such as unit' })
  entityType?: string;

  @ApiPropertyOptional({
    description:
      'The record id; a sample id also finds the batch ingest row (entity type sample_batch) that created it',
  })
  @Field({
    nullable: true,
    description: 'The record id; a sample id also finds the batch ingest row that created it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ enum: AuditAction })
  @Field(() => AuditAction, { nullable: true })
  @IsOptional()
  @IsEnum(AuditAction, { message: `action must be one of: ${Object.values(AuditAction).join(', ')}` })
  action?: AuditAction;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  requestId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Field({ nullable: true })
  @IsOptional()
  @Instant()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Field({ nullable: true })
  @IsOptional()
  @Instant()
  to?: Date;
}

/** REST list query: the list conventions plus the audit filters. */
export class AuditQueryDto extends IntersectionType(ListQueryDto, AuditFilterDto) {}

/** A page of AuditLog: `{ items, total, limit, offset }`. */
export class AuditLogPage extends PageOf(AuditLog) {}
