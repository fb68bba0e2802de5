import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSON } from '@outfall/common';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SYNC_TYPES, SyncOp, SyncType } from '../sync-types';

registerEnumType(SyncType, { name: 'SyncType' });
registerEnumType(SyncOp, { name: 'SyncOp' });

export const SYNC_MAX_LIMIT = 1000;
export const SYNC_DEFAULT_LIMIT = 500;

@InputType('SyncChangesInput')
export class SyncChangesQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page; empty or absent: from the start',
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  since?: string;

  @ApiPropertyOptional({
    description: `Comma list of types (${SYNC_TYPES.join(', ')}); absent: all. Keep it the same for a cursor.`,
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  types?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SYNC_MAX_LIMIT, default: SYNC_DEFAULT_LIMIT })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(SYNC_MAX_LIMIT, { message: `limit must not be greater than ${SYNC_MAX_LIMIT}` })
  limit?: number;
}

@ObjectType('SyncChange')
export class SyncChangeDto {
  @ApiProperty({ enum: SyncType })
  @Field(() => SyncType)
  type: SyncType;

  @ApiProperty()
  @Field(() => ID)
  id: string;

  @ApiProperty({ enum: SyncOp })
  @Field(() => SyncOp)
  op: SyncOp;

  @ApiProperty({ description: "When the change was written (the writing transaction's time)" })
  @Field(() => GraphQLISODateTime)
  updatedAt: Date;

  @ApiPropertyOptional({ description: 'merged: the surviving outfall' })
  @Field(() => ID, { nullable: true })
  survivorId?: string | null;

  @ApiPropertyOptional({
    description: "upsert: the record's columns in camelCase (docs/sync.md); absent on tombstones",
    type: 'object',
    additionalProperties: true,
  })
  @Field(() => GraphQLJSON, { nullable: true })
  data?: Record<string, unknown> | null;
}

@ObjectType('SyncChangePage')
export class SyncChangePageDto {
  @ApiProperty({ type: [SyncChangeDto] })
  @Field(() => [SyncChangeDto])
  items: SyncChangeDto[];

  @ApiProperty({ description: 'Pass as since on the next call (also when items is empty)' })
  @Field()
  nextCursor: string;

  @ApiProperty({ description: 'More changes are ready now: call again at once; false: poll later' })
  @Field()
  hasMore: boolean;
}
