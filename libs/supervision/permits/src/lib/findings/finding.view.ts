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

  @ApiProperty({ enum: FindingKind })
  @Field(() => FindingKind)
  kind: FindingKind;

  @ApiProperty({ enum: FindingStatus })
  @Field(() => FindingStatus)
  status: FindingStatus;

  @ApiProperty() @Field(() => ID) outfallId: string;
  @ApiProperty() @Field() outfallCode: string;
  @ApiProperty() @Field() outfallName: string;
  @ApiProperty() @Field(() => ID) divisionId: string;
  @ApiProperty() @Field() divisionName: string;
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
  @ApiProperty({ enum: MonitoringFrequency })
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
  @ApiProperty({ type: [MonitoringFinding] }) @Field(() => [MonitoringFinding]) items: MonitoringFinding[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
}

@ObjectType('DischargePermitPage')
export class DischargePermitPage {
  @ApiProperty({ type: [DischargePermit] }) @Field(() => [DischargePermit]) items: DischargePermit[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
}

@ObjectType('MonitoringSchedulePage')
export class MonitoringSchedulePage {
  @ApiProperty({ type: [MonitoringSchedule] }) @Field(() => [MonitoringSchedule]) items: MonitoringSchedule[];
  @ApiProperty() @Field(() => Int) total: number;
  @ApiProperty() @Field(() => Int) limit: number;
  @ApiProperty() @Field(() => Int) offset: number;
}

@ObjectType('OutfallPermitOutlet')
export class OutfallPermitOutlet {
  @ApiProperty() @Field(() => ID) permitId: string;
  @ApiProperty() @Field() permitNumber: string;
  @ApiProperty() @Field(() => ID) entityId: string;
  @ApiProperty() @Field() entityName: string;
  @ApiProperty() @Field() issuingAuthority: string;
  @ApiProperty() @Field() validFrom: string;
  @ApiProperty() @Field() validTo: string;
  @ApiProperty({ enum: ['not_yet_valid', 'valid', 'expiring', 'expired'], enumName: 'PermitExpiry' })
  @Field()
  expiry: string;
  @ApiProperty() @Field(() => Int) daysLeft: number;
  @ApiProperty() @Field() outletCode: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @Field(() => String, { nullable: true }) outletName:
    string | null;
  @ApiProperty({ type: [String], description: 'indicator:frequency' })
  @Field(() => [String])
  duties: string[];
}

/** What the outfall's drawer shows: its permitted outlets, schedules, and the missing-data findings. */
@ObjectType('OutfallPermitStatus')
export class OutfallPermitStatus {
  @ApiProperty() @Field(() => ID) outfallId: string;
  @ApiProperty({ type: [OutfallPermitOutlet] })
  @Field(() => [OutfallPermitOutlet])
  outlets: OutfallPermitOutlet[];
  @ApiProperty({ type: [MonitoringSchedule] })
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
