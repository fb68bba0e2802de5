import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDay } from '@outfall/common';
import { IsOptional } from 'class-validator';

/** `?asOf=` on REST and the `asOf` argument in GraphQL (the same calendar-day rule as the progress endpoint). */
@ArgsType()
export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD (Beijing day); default today' })
  @Field({ nullable: true })
  @IsOptional()
  @CalendarDay()
  asOf?: string;
}
