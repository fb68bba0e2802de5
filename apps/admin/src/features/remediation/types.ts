import type { Schemas } from '../../api/schemas';
import type { OutfallCategory, PlanStatus, Problem } from '@outfall/shared-types';
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

/**
 * A plan (一口一策) as the list and the writes answer it: the schema's view with the parts it leaves untyped
 * (milestones, progress notes, problems as strings, the outfall and unit relations) described.
 */
export type PlanRow = Omit<
  Schemas['RemediationPlanView'],
  'problems' | 'milestones' | 'progressNotes' | 'outfall' | 'mergeInto' | 'responsibleUnit'
> & {
  problems: Problem[];
  milestones: PlanMilestone[];
  progressNotes: ProgressNote[];
  outfall: OutfallRef & { status?: string };
  responsibleUnit: { id: string; name: string } | null;
};

/** One version of a plan (the schema types the statuses as strings). */
export type PlanVersion = Omit<
  Schemas['RemediationPlanVersion'],
  'plan' | 'snapshot' | 'fromStatus' | 'toStatus'
> & {
  fromStatus: PlanStatus | null;
  toStatus: PlanStatus;
};

export type TransitionInput = Schemas['TransitionDto'];

export type DispositionReason = Schemas['SuggestionReason'];

export type DispositionDecision = Schemas['RemediationDecision'];

/** The contract types `category` as a string (the GraphQL twin's field); the list answers the enum. */
export type DispositionRow = Omit<Schemas['DispositionView'], 'category'> & { category: OutfallCategory };

export interface DispositionFilter {
  divisionId?: string;
  category?: OutfallCategory;
  decided?: boolean;
}

export type DecideDispositionInput = Schemas['DecideDispositionDto'];

export type OverdueGroup = Schemas['OverdueGroup'];

export const REMEDIATION_LEDGER_KINDS = ['rectification', 'investigation', 'archive'] as const;

export type RemediationLedgerKind = (typeof REMEDIATION_LEDGER_KINDS)[number];

/** The plan's own fields (一口一策): what `POST /remediation/plans` takes, and `plan` in a draft's PATCH. */
export type PlanInput = Schemas['PlanDto'];

export type PlanMilestoneInput = Schemas['PlanMilestoneDto'];

export type CreatePlanInput = Schemas['CreatePlanDto'];

/** A PATCH: the whole plan while a draft; later only milestones, a progress note and the evidence ids. */
export type UpdatePlanInput = Schemas['UpdatePlanDto'];

export type AttachmentKind = Schemas['AttachmentKind'];

/** A photo or document of an outfall (`GET /outfalls/:id/attachments`). */
export type OutfallAttachment = Schemas['OutfallAttachmentViewDto'];
