import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ListQueryDto, PageOf } from '@outfall/common';
import { Me, Role } from '@outfall/shared-types';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const ROLE_MESSAGE = `role must be one of: ${Object.values(Role).join(', ')}`;

@InputType('UserFilter')
export class UserFilterDto {
  @ApiPropertyOptional({ enum: Role })
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role, { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  // a query string carries text: 'false' must stay false (Boolean('false') is true)
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'Text in username or display name' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class UserQueryDto extends IntersectionType(ListQueryDto, UserFilterDto) {}

@InputType('CreateUserInput')
export class CreateUserDto {
  @ApiProperty({ example: 'liugong_officer' })
  @Field()
  @Matches(/^[a-z][a-z0-9_.-]{2,63}$/, {
    message: 'username must be 3–64 characters: lower-case letters, digits, _ . -, starting with a letter',
  })
  username: string;

  @ApiProperty({ example: '王芳' })
  @Field()
  @IsString()
  @Length(1, 64)
  displayName: string;

  @ApiProperty({ description: 'At least 10 characters, three of: lower, upper, digit, symbol' })
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: Role })
  @Field(() => Role)
  @IsEnum(Role, { message: ROLE_MESSAGE })
  role: Role;

  @ApiProperty()
  @Field(() => ID)
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId: string;
}

@InputType('UpdateUserInput')
export class UpdateUserDto {
  @ApiPropertyOptional()
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;

  @ApiPropertyOptional({ enum: Role })
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role, { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional()
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions' })
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Set a new password (administrator reset)' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  password?: string;

  @ApiProperty({ description: 'The version you read (optimistic locking)' })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty() unitId: string;
  @ApiPropertyOptional({ nullable: true }) unit: { id: string; name: string } | null;
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ nullable: true }) lastLoginAt: Date | null;
  @ApiProperty() demo: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() version: number;
}

/** A page of UserDto: `{ items, total, limit, offset }`. */
export class UserPage extends PageOf(UserDto) {}

/** A unit, by id and name. */
export class UnitRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** Where the caller's data scope lies. */
export class JurisdictionDto {
  @ApiProperty({ description: 'Sees the whole city' }) cityWide: boolean;
  @ApiProperty({ nullable: true, type: String }) divisionId: string | null;
  @ApiProperty({ nullable: true, type: String }) divisionName: string | null;
}

/** The signed-in caller, as `GET /api/v1/auth/me` answers. */
export class MeDto implements Me {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'eco_officer' }) username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: string;
  @ApiProperty({ type: [String], example: ['directory:read'] }) permissions: string[];
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: JurisdictionDto }) jurisdiction: JurisdictionDto;
  @ApiProperty({ description: 'A demo account' }) demo: boolean;
}
