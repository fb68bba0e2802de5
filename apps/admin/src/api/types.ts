import type {
  AuditAction,
  Bank,
  DischargeMethod,
  Disposition,
  DischargeMode,
  DivisionLevel,
  EntityKind,
  MilestoneType,
  OutfallArea,
  OutfallCategory,
  OutfallSubType,
  PlanAction,
  PlanStatus,
  Problem,
  ProtectedAreaKind,
  SampleSource,
  SetupApproval,
  SewageOrigin,
  TargetState,
  TracingMethod,
  UnitKind,
  WaterKind,
  ValueQualifier,
  ZoneTargetStatus,
  WaterLevel,
} from '@outfall/shared-types';
import type { ApiComponents } from '@outfall/shared-types';

/** The generated response and request schemas of the REST contract (apps/api/openapi.json). */
type Schemas = ApiComponents['schemas'];

/** `GET /api/v1/meta` (public). */
export type Meta = Schemas['MetaResponse'];

export interface PageParams {
  limit: number;
  offset: number;
}

export interface Liaison {
  name: string;
  phone: string;
  position: string;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  division: { id: string; name: string } | null;
  liaison: Liaison | null;
  demo: boolean;
}

export interface UnitFilter {
  q?: string;
  kind?: UnitKind;
}

export type ActorType = 'user' | 'api_key' | 'system';

export interface AuditLogRow {
  id: string;
  actorType: ActorType;
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  requestId: string;
  createdAt: string;
}

export interface AuditFilter {
  entityType?: string;
  actorId?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
}

export type JobRow = Schemas['JobDto'];

/** A queued job as `POST …/exports` answers it. */
export type QueuedJob = Pick<JobRow, 'id' | 'state'>;

// ---- reference data ----

export interface DivisionRow {
  id: string;
  code: string;
  name: string;
  level: DivisionLevel;
  parentId: string | null;
  path: string;
  demo: boolean;
}

export interface WaterBodyRow {
  id: string;
  code: string;
  name: string;
  kind: WaterKind;
  level: WaterLevel;
  isKey: boolean;
  demo: boolean;
}

// ---- GeoJSON (WGS84 longitude, latitude) ----

export type Position = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Feature<G extends Geometry, P> {
  type: 'Feature';
  id?: string;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G extends Geometry, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

export interface WaterBodyProperties {
  code: string;
  name: string;
  kind: WaterKind;
  isKey: boolean;
}

export interface ProtectedAreaProperties {
  kind: ProtectedAreaKind;
  name: string;
  designatedOn: string | null;
}

export interface OutfallPointProperties {
  id: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  area: OutfallArea;
  banCandidate: boolean;
  duplicateCount: number;
  /** The furthest milestone in effect today (null: none recorded). */
  stage: MilestoneType | null;
  /** Its remediation plan is past its deadline and not completed. */
  overdue: boolean;
  /** Its latest sample exceeds a limit. */
  exceeding: boolean;
}

// ---- the outfall directory (排污口名录) ----

export const OUTFALL_STATUSES = ['active', 'merged'] as const;
export type OutfallStatus = (typeof OUTFALL_STATUSES)[number];

/** A protected area that makes an outfall a ban candidate. */
export type BanReason = Schemas['BanReason'];

/** One outfall as the list and the writes answer it. */
export type OutfallRow = Schemas['OutfallViewDto'];

/** A dated milestone of an outfall (manual, import, workflow or back-entry). */
export type OutfallEvent = Schemas['OutfallEvent'];

/** A historical back-entry of completed (and verified) remediation. */
export type BackEntryInput = Schemas['BackEntryDto'];

export type ResponsibleEntity = Schemas['ResponsibleEntity'];

export interface ResponsibleEntityRow extends ResponsibleEntity {
  outfallCount: number;
  /** An enterprise outside an industrial park with more than one outfall. */
  multipleOutfallsOutsidePark: boolean;
}

/** A responsible-entity link on the card, its entity loaded. */
export type OutfallEntityLink = Schemas['OutfallEntityLinkViewDto'];

export type SuspectedDuplicate = Schemas['OutfallDuplicateRef'];

/** The directory card: the record with its milestones, responsible entities and suspected duplicates. */
export type OutfallDetail = Schemas['OutfallDetailDto'];

export interface OutfallFilter {
  q?: string;
  waterBodyId?: string;
  /** Only outfalls on the key rivers (头屯河, 三屯河). */
  keyRiver?: boolean;
  category?: OutfallCategory;
  subType?: OutfallSubType;
  divisionId?: string;
  area?: OutfallArea;
  banCandidate?: boolean;
  duplicate?: boolean;
  status?: OutfallStatus;
  entityId?: string;
}

export const OUTFALL_SORT_KEYS = ['localCode', 'name', 'category', 'keyDistanceM', 'discoveredOn'] as const;
export type OutfallSortKey = (typeof OUTFALL_SORT_KEYS)[number];
/** A sort key, `-` first for descending. */
export type OutfallSort = OutfallSortKey | `-${OutfallSortKey}`;

/** The fields of `POST /outfalls`; `PATCH` takes the same ones (all optional, `null` clears) plus `version`. */
export interface OutfallInput {
  name: string;
  nationalCode?: string | null;
  category: OutfallCategory;
  subType: OutfallSubType;
  longitude: number;
  latitude: number;
  waterBodyId: string;
  divisionId?: string;
  bank?: Bank;
  dischargeMode?: DischargeMode | null;
  dischargeMethod?: DischargeMethod | null;
  sizeMm?: number | null;
  discoveredOn: string;
  /** Create only (defaults to today). */
  registeredOn?: string;
  permitNumber?: string | null;
  setupApproval?: SetupApproval | null;
  signageInstalled?: boolean;
  signageInstalledOn?: string | null;
}

export type OutfallPatch = Partial<Omit<OutfallInput, 'registeredOn'>> & { version: number };

export type MilestoneInput = Schemas['MilestoneDto'];

export interface EntityFilter {
  q?: string;
  kind?: EntityKind;
  divisionId?: string;
  multipleOutfalls?: boolean;
}

export type EntitySortKey = 'name' | 'kind';
export type EntitySort = EntitySortKey | `-${EntitySortKey}`;

// ---- spreadsheet imports ----

/** `all_or_nothing` writes nothing when any row is bad; `valid_only` writes the good rows. */
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** One rejected cell: the spreadsheet row number, the column header and the reason. */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** The result of an import job (`GET /jobs/:id` once completed). */
export interface ImportResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  /** Whether anything was written (all-or-nothing with a bad row writes nothing). */
  committed: boolean;
  /** The first 1 000 problems. */
  errors: ImportRowError[];
}

// ---- monitoring (监测), exceedance and tracing (溯源) ----

/** `GET /indicators`: the indicator catalogue. */
export interface Indicator {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string | null;
  decimals: number;
  required: boolean;
  physicalMin: number | null;
  physicalMax: number | null;
  sortOrder: number;
}

/** Filters shared by the sample, exceedance, chronic and tracing lists (and the monitoring ledgers). */
export interface MonitoringFilter {
  outfallId?: string;
  waterBodyId?: string;
  divisionId?: string;
  category?: OutfallCategory;
  indicator?: string;
  /** YYYY-MM-DD, Beijing days, inclusive. */
  from?: string;
  to?: string;
  source?: SampleSource;
  /** Samples: only those with an exceeding reading (true) or without (false). */
  exceeding?: boolean;
}

/** One reading with its assessment against the resolved standard grade. */
export interface SampleValue {
  indicatorCode: string;
  value: number;
  qualifier: ValueQualifier;
  detectionLimit: number | null;
  limitText: string | null;
  limitValue: number | null;
  ruleSource: string | null;
  /** null: no limit for this indicator, or undetermined (below detection above the limit). */
  compliant: boolean | null;
  /** Maximum limits only; null for pH (a range), which reports `deviation`. */
  exceedanceMultiple: number | null;
  /** Range limits (pH): how far outside the allowed range, 0 inside. */
  deviation?: number | null;
  deviationDirection?: DeviationDirection | null;
  /** What the assessment did (stricter limit for a missing input, pH deviation), or null. */
  explanationZh?: string | null;
  explanationEn?: string | null;
}

export type DeviationDirection = 'below' | 'above';

export interface OutfallRef {
  id: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  waterBodyId?: string;
  divisionId?: string;
}

export interface SampleRow {
  id: string;
  outfallId: string;
  sampledAt: string;
  source: SampleSource;
  laboratory: string | null;
  standardId: string | null;
  exceeding: boolean;
  exceedingCount: number;
  notes: string | null;
  outfall: OutfallRef;
  values: SampleValue[];
  /** Required indicators (the seven and the requirement rules') this sample lacks. */
  missingIndicators?: string[];
}

export const SAMPLE_SORT_KEYS = ['sampledAt'] as const;
export const EXCEEDANCE_SORT_KEYS = ['sampledAt', 'exceedanceMultiple'] as const;
export type ExceedanceSortKey = (typeof EXCEEDANCE_SORT_KEYS)[number];
export type ExceedanceSort = ExceedanceSortKey | `-${ExceedanceSortKey}`;

export interface ExceedanceRow {
  sampleId: string;
  outfallId: string;
  outfallCode: string;
  outfallName: string;
  sampledAt: string;
  source: SampleSource;
  indicator: string;
  value: number;
  qualifier: ValueQualifier;
  limitText: string | null;
  limitValue: number | null;
  /** Null for pH (a range): see `deviation`. */
  exceedanceMultiple: number | null;
  deviation?: number | null;
  deviationDirection?: DeviationDirection | null;
  explanationZh?: string | null;
  explanationEn?: string | null;
  standardId: string;
  ruleSource: string | null;
}

export interface ChronicRow {
  outfallId: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  waterName: string | null;
  divisionName: string | null;
  recentSamples: number;
  recentExceeding: number;
  lastSampledAt: string | null;
}

export interface SampleValueInput {
  indicator: string;
  value: number;
  qualifier?: ValueQualifier;
  detectionLimit?: number;
}

export interface SampleInput {
  outfallId: string;
  /** ISO 8601 with the +08:00 offset. */
  sampledAt: string;
  source: SampleSource;
  laboratory?: string;
  notes?: string;
  values: SampleValueInput[];
}

/** `GET /outfalls/:id/monitoring-status`. */
export interface MonitoringStatus {
  outfallId: string;
  standardId: string | null;
  standardName: string | null;
  explanation: { zh: string; en: string } | null;
  /** The receiving function zone; an unknown target status (未知) needs review. */
  zone?: {
    name: string;
    targetClass: string;
    targetStatus: ZoneTargetStatus;
    needsReview: boolean;
  } | null;
  lastSampledAt: string | null;
  latest: {
    indicator: string;
    value: number;
    qualifier: ValueQualifier;
    sampledAt: string;
    sampleId: string;
    limitText: string | null;
    compliant: boolean | null;
    exceedanceMultiple: number | null;
    deviation?: number | null;
    deviationDirection?: DeviationDirection | null;
    explanationZh?: string | null;
    explanationEn?: string | null;
  }[];
  samplesLast12Months: number;
  exceedingLast12Months: number;
  recentSamples: number;
  recentExceeding: number;
  chronic: boolean;
  chronicRule: { count: number; window: number };
}

export interface TracingSource {
  id?: string;
  entityId: string | null;
  description: string | null;
}

export interface TracingRow {
  id: string;
  outfallId: string;
  tracedOn: string;
  method: TracingMethod;
  sewageOrigin: SewageOrigin | null;
  mainFactors: string[];
  conclusion: string | null;
  complete: boolean;
  completedOn: string | null;
  sources: TracingSource[];
  createdAt: string;
  version: number;
}

export interface TracingInput {
  tracedOn: string;
  method: TracingMethod;
  sewageOrigin?: SewageOrigin;
  mainFactors?: string[];
  conclusion?: string;
  complete?: boolean;
  completedOn?: string;
  sources?: { entityId?: string; description?: string; candidateSourceId?: string }[];
}

export const MONITORING_LEDGER_KINDS = ['water_quality', 'tracing', 'pollution_sources'] as const;
export type MonitoringLedgerKind = (typeof MONITORING_LEDGER_KINDS)[number];

// ---- remediation (整治): dispositions (三个一批) and plans (一口一策) ----

export interface PlanFilter {
  status?: PlanStatus;
  responsibleUnitId?: string;
  divisionId?: string;
  waterBodyId?: string;
  category?: OutfallCategory;
  /** Only plans past their deadline and not completed. */
  overdue?: boolean;
  outfallId?: string;
}

export const PLAN_SORT_KEYS = ['deadline'] as const;

export interface PlanMilestone {
  name: string;
  plannedOn: string;
  actualOn: string | null;
  note: string | null;
}

export interface ProgressNote {
  on: string;
  note: string;
  by: string;
}

export interface PlanRow {
  id: string;
  outfallId: string;
  status: PlanStatus;
  problems: Problem[];
  problemNotes: string | null;
  measures: string;
  targetState: TargetState;
  mergeIntoId: string | null;
  responsibleUnitId: string;
  responsiblePerson: string;
  responsiblePhone: string;
  /** YYYY-MM-DD, Beijing day. */
  deadline: string;
  milestones: PlanMilestone[];
  progressNotes: ProgressNote[];
  beforePhotoIds: string[];
  afterPhotoIds: string[];
  evidenceIds: string[];
  submittedOn: string | null;
  approvedOn: string | null;
  completedOn: string | null;
  verifiedOn: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  outfall: OutfallRef & { status?: string };
  responsibleUnit: { id: string; name: string } | null;
  /** The workflow actions open from the plan's state (the caller's permissions decide which it may take). */
  nextActions: PlanAction[];
}

export interface PlanVersion {
  id: string;
  version: number;
  action: string;
  fromStatus: PlanStatus | null;
  toStatus: PlanStatus;
  reason: string | null;
  actorName: string;
  at: string;
}

export interface TransitionInput {
  action: PlanAction;
  version: number;
  reason?: string;
  /** YYYY-MM-DD (Beijing day); default today. */
  on?: string;
}

export interface DispositionReason {
  rule: string;
  zh: string;
  en: string;
}

export interface DispositionDecision {
  outfallId: string;
  suggested: Disposition;
  disposition: Disposition;
  interim: boolean;
  reason: string | null;
  decidedOn: string;
  decidedBy: string;
  requiresRemediation: boolean;
  version: number;
}

export interface DispositionRow {
  outfallId: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  suggestion: {
    disposition: Disposition;
    interim: boolean;
    problems: Problem[];
    reasons: DispositionReason[];
  };
  decision: DispositionDecision | null;
}

export interface DispositionFilter {
  divisionId?: string;
  category?: OutfallCategory;
  decided?: boolean;
}

export interface DecideDispositionInput {
  disposition: Disposition;
  interim?: boolean;
  reason?: string;
  decidedOn: string;
}

export interface OverdueGroup {
  id: string;
  name: string;
  overdue: number;
  open: number;
}

export const REMEDIATION_LEDGER_KINDS = ['rectification', 'investigation', 'archive'] as const;
export type RemediationLedgerKind = (typeof REMEDIATION_LEDGER_KINDS)[number];

/** The plan's own fields (一口一策): what `POST /remediation/plans` takes, and `plan` in a draft's PATCH. */
export interface PlanInput {
  problems?: Problem[];
  problemNotes?: string;
  measures: string;
  targetState: TargetState;
  /** Required with target state merged_into. */
  mergeIntoId?: string;
  responsibleUnitId: string;
  responsiblePerson: string;
  responsiblePhone: string;
  /** YYYY-MM-DD. */
  deadline: string;
  milestones?: PlanMilestoneInput[];
  beforePhotoIds?: string[];
}

export interface PlanMilestoneInput {
  name: string;
  plannedOn: string;
  actualOn?: string;
  note?: string;
}

export interface CreatePlanInput extends PlanInput {
  outfallId: string;
}

/** A PATCH: the whole plan while a draft; later only milestones, a progress note and the evidence ids. */
export interface UpdatePlanInput {
  version: number;
  plan?: PlanInput;
  milestones?: PlanMilestoneInput[];
  progressNote?: string;
  beforePhotoIds?: string[];
  afterPhotoIds?: string[];
  evidenceIds?: string[];
}

// ---- outfall attachments (photos and documents) ----

export type AttachmentKind = 'photo' | 'signage_photo' | 'document';

export interface OutfallAttachment {
  id: string;
  outfallId: string;
  kind: AttachmentKind;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedById: string | null;
  createdAt: string;
}
