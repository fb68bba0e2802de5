import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FindingKind, FindingStatus, MonitoringFrequency } from '@outfall/shared-types';
import { DischargePermit } from '../permits/discharge-permit.entity';
import { MonitoringSchedule } from '../schedules/monitoring-schedule.entity';

registerEnumType(FindingKind, { name: 'MonitoringFindingKind' });
registerEnumType(FindingStatus, { name: 'MonitoringFindingStatus' });

/** A period without the sample a duty or schedule asks for (computed on read, not stored). */
@ObjectType('MonitoringFinding')
export class MonitoringFinding {
  @ApiProperty({ description: 'kind:duty-or-schedule:indicator:periodStart (stable)' })
  @Field(() => ID)
  id: string;

  @Field(() => FindingKind)
  kind: FindingKind;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => ID) outfallId: string;
  @Field() outfallCode: string;
  @Field() outfallName: string;
  @Field(() => ID) divisionId: string;
  @Field() divisionName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => ID, { nullable: true }) entityId:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => String, { nullable: true }) entityName:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => ID, { nullable: true }) unitId:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => String, { nullable: true }) unitName:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => ID, { nullable: true }) permitId:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  permitNumber: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => String, { nullable: true }) outletCode:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => ID, { nullable: true }) scheduleId:
    string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Null: a schedule that accepts any sample',
  })
  @Field(() => String, { nullable: true })
  indicatorCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  indicatorName: string | null;
  @Field(() => MonitoringFrequency)
  frequency: MonitoringFrequency;
  @ApiProperty({ example: '2024Q4' }) @Field() period: string;
  @ApiProperty({ description: 'YYYY-MM-DD' }) @Field() periodStart: string;
  @ApiProperty({ description: 'YYYY-MM-DD' }) @Field() periodEnd: string;
  @ApiProperty({ description: 'YYYY-MM-DD: the day the sample was due by' }) @Field() dueOn: string;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Late: when it came',
  })
  @Field(() => GraphQLISODateTime, { nullable: true })
  receivedAt: Date | null;
}

@ObjectType('MonitoringFindingPage')
export class MonitoringFindingPage {
  @Field(() => [MonitoringFinding]) items: MonitoringFinding[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

@ObjectType('DischargePermitPage')
export class DischargePermitPage {
  @Field(() => [DischargePermit]) items: DischargePermit[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

@ObjectType('MonitoringSchedulePage')
export class MonitoringSchedulePage {
  @Field(() => [MonitoringSchedule]) items: MonitoringSchedule[];
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
}

@ObjectType('OutfallPermitOutlet')
export class OutfallPermitOutlet {
  @Field(() => ID) permitId: string;
  @Field() permitNumber: string;
  @Field(() => ID) entityId: string;
  @Field() entityName: string;
  @Field() issuingAuthority: string;
  @Field() validFrom: string;
  @Field() validTo: string;
  @ApiProperty({ enum: ['not_yet_valid', 'valid', 'expiring', 'expired'], enumName: 'PermitExpiry' })
  @Field()
  expiry: string;
  @Field(() => Int) daysLeft: number;
  @Field() outletCode: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => String, { nullable: true }) outletName:
    string | null;
  @ApiProperty({ type: [String], description: 'indicator:frequency' })
  @Field(() => [String])
  duties: string[];
}

/** What the outfall's drawer shows: its permitted outlets, schedules, and the missing-data findings. */
@ObjectType('OutfallPermitStatus')
export class OutfallPermitStatus {
  @Field(() => ID) outfallId: string;
  @Field(() => [OutfallPermitOutlet])
  outlets: OutfallPermitOutlet[];
  @Field(() => [MonitoringSchedule])
  schedules: MonitoringSchedule[];
  @ApiProperty({ description: 'A permitted outlet whose permit expires within the window' })
  @Field()
  permitExpiring: boolean;
  @ApiProperty({ description: 'A permitted outlet whose permit has expired' })
  @Field()
  permitExpired: boolean;
  @ApiProperty({ description: 'Non-receipt findings (all ended periods)' })
  @Field(() => Int)
  nonReceiptCount: number;
  @ApiProperty({ description: 'Missed scheduled samples (all ended periods)' })
  @Field(() => Int)
  missedSampleCount: number;
  @ApiProperty({ type: [MonitoringFinding], description: 'The latest 20 findings' })
  @Field(() => [MonitoringFinding])
  recentFindings: MonitoringFinding[];
}
