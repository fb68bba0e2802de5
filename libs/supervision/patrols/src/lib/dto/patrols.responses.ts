import { ApiProperty } from '@nestjs/swagger';
import { OutfallArea, OutfallCategory, PatrolFindingKind, PatrolFlow } from '@outfall/shared-types';

/** OpenAPI response schemas of the patrol routes. */
export class PatrolRuleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  category: OutfallCategory | null;
  area: OutfallArea | null;
  keyRiver: boolean | null;
  intervalDays: number;
  note: string | null;
  version: number;
}

export class PatrolConfigResponse {
  @ApiProperty({ description: 'Metres' }) distanceLimitM: number;
  version?: number;
}

export class PatrolScheduleResponse {
  @ApiProperty({ format: 'uuid' }) outfallId: string;
  localCode: string;
  name: string;
  @ApiProperty({ enum: OutfallCategory, enumName: 'OutfallCategory' }) category: string;
  @ApiProperty({ enum: OutfallArea, enumName: 'OutfallArea' }) area: string;
  keyRiver: boolean;
  @ApiProperty({ format: 'uuid' }) divisionId: string;
  divisionName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  unitName: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Interval of the matching rule' })
  ruleDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Per-outfall override' }) overrideDays:
    number | null;
  overrideReason: string | null;
  intervalDays: number;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD' }) lastPatrolDay: string | null;
  @ApiProperty({ description: 'YYYY-MM-DD (Beijing day)' }) nextDueOn: string;
  @ApiProperty({ description: 'Next due day before today’s Beijing day' }) overdue: boolean;
  daysOverdue: number;
}

export class PatrolSchedulePageResponse {
  items: PatrolScheduleResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class PatrolOverdueGroupResponse {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  unitName: string | null;
  @ApiProperty({ description: 'Active outfalls the unit is responsible for' }) outfalls: number;
  overdue: number;
}

export class PatrolFindingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patrolId: string;
  kind: PatrolFindingKind;
  description: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) remediationPlanId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enforcementCaseId: string | null;
}

export class PatrolPhotoResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  downloadUrl: string;
}

export class PatrolOutfallRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  localCode: string;
  name: string;
  @ApiProperty({ enum: OutfallCategory, enumName: 'OutfallCategory' }) category: string;
  longitude: number;
  latitude: number;
}

export class PatrolUnitRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
}

export class PatrolResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) outfallId: string;
  outfall: PatrolOutfallRef;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  unit: PatrolUnitRef;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patrollerId: string | null;
  recordedBy: string;
  patrollerNames: string;
  @ApiProperty({ format: 'date-time' }) patrolledAt: string;
  @ApiProperty({ description: 'Beijing day of patrolledAt' }) patrolDay: string;
  longitude: number;
  latitude: number;
  @ApiProperty({ description: 'Metres from the outfall' }) distanceM: number;
  distanceLimitM: number;
  distanceFlagged: boolean;
  signIntact: boolean;
  discharging: boolean;
  colourAbnormal: boolean;
  odourAbnormal: boolean;
  flowEstimate: PatrolFlow;
  newPipesNearby: boolean;
  notes: string | null;
  findingCount: number;
  findings?: PatrolFindingResponse[];
  photos?: PatrolPhotoResponse[];
  version: number;
}

export class PatrolPageResponse {
  items: PatrolResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class OutfallPatrolSummaryResponse {
  schedule: PatrolScheduleResponse;
  recent: PatrolResponse[];
}
