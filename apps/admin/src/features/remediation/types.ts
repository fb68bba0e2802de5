import type {
  Disposition,
  OutfallCategory,
  PlanAction,
  PlanStatus,
  Problem,
  TargetState,
} from '@outfall/shared-types';
import type { OutfallRef } from '../monitoring/types';

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
