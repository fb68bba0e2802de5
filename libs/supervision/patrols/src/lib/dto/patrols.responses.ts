import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OutfallArea, OutfallCategory, PatrolFindingKind, PatrolFlow } from '@outfall/shared-types';

/** OpenAPI response schemas of the patrol routes. */
export class PatrolRuleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OutfallCategory, enumName: 'OutfallCategory', nullable: true })
  category: OutfallCategory | null;
  @ApiProperty({ enum: OutfallArea, enumName: 'OutfallArea', nullable: true }) area: OutfallArea | null;
  @ApiProperty({ nullable: true, type: Boolean }) keyRiver: boolean | null;
  @ApiProperty() intervalDays: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() version: number;
}

export class PatrolConfigResponse {
  @ApiProperty({ description: 'Metres' }) distanceLimitM: number;
  @ApiPropertyOptional() version?: number;
}

export class PatrolScheduleResponse {
  @ApiProperty({ format: 'uuid' }) outfallId: string;
  @ApiProperty() localCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OutfallCategory, enumName: 'OutfallCategory' }) category: string;
  @ApiProperty({ enum: OutfallArea, enumName: 'OutfallArea' }) area: string;
  @ApiProperty() keyRiver: boolean;
  @ApiProperty({ format: 'uuid' }) divisionId: string;
  @ApiProperty() divisionName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Interval of the matching rule' })
  ruleDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Per-outfall override' }) overrideDays:
    number | null;
  @ApiProperty({ nullable: true, type: String }) overrideReason: string | null;
  @ApiProperty() intervalDays: number;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD' }) lastPatrolDay: string | null;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) nextDueOn: string;
  @ApiProperty({ description: 'Next due day before today’s Beijing day' }) overdue: boolean;
  @ApiProperty() daysOverdue: number;
}

export class PatrolSchedulePageResponse {
  @ApiProperty({ type: [PatrolScheduleResponse] }) items: PatrolScheduleResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class PatrolOverdueGroupResponse {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty({ description: 'Active outfalls the unit is responsible for' }) outfalls: number;
  @ApiProperty() overdue: number;
}

export class PatrolFindingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patrolId: string;
  @ApiProperty({ enum: PatrolFindingKind }) kind: PatrolFindingKind;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) remediationPlanId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enforcementCaseId: string | null;
}

export class PatrolPhotoResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() downloadUrl: string;
}

class PatrolOutfallRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() localCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OutfallCategory, enumName: 'OutfallCategory' }) category: string;
  @ApiProperty() longitude: number;
  @ApiProperty() latitude: number;
}

class PatrolUnitRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class PatrolResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) outfallId: string;
  @ApiProperty({ type: PatrolOutfallRef }) outfall: PatrolOutfallRef;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ type: PatrolUnitRef }) unit: PatrolUnitRef;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patrollerId: string | null;
  @ApiProperty() recordedBy: string;
  @ApiProperty() patrollerNames: string;
  @ApiProperty({ format: 'date-time' }) patrolledAt: string;
  @ApiProperty({ description: 'Beijing day of patrolledAt' }) patrolDay: string;
  @ApiProperty() longitude: number;
  @ApiProperty() latitude: number;
  @ApiProperty({ description: 'Metres from the outfall' }) distanceM: number;
  @ApiProperty() distanceLimitM: number;
  @ApiProperty() distanceFlagged: boolean;
  @ApiProperty() signIntact: boolean;
  @ApiProperty() discharging: boolean;
  @ApiProperty() colourAbnormal: boolean;
  @ApiProperty() odourAbnormal: boolean;
  @ApiProperty({ enum: PatrolFlow }) flowEstimate: PatrolFlow;
  @ApiProperty() newPipesNearby: boolean;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() findingCount: number;
  @ApiPropertyOptional({ type: [PatrolFindingResponse] }) findings?: PatrolFindingResponse[];
  @ApiPropertyOptional({ type: [PatrolPhotoResponse] }) photos?: PatrolPhotoResponse[];
  @ApiProperty() version: number;
}

export class PatrolPageResponse {
  @ApiProperty({ type: [PatrolResponse] }) items: PatrolResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class OutfallPatrolSummaryResponse {
  @ApiProperty({ type: PatrolScheduleResponse }) schedule: PatrolScheduleResponse;
  @ApiProperty({ type: [PatrolResponse] }) recent: PatrolResponse[];
}
