import type { Label, LabelMap } from './label';

/** The plan's three batches (三个一批), plus keeping an outfall as it is. */
export enum Disposition {
  Ban = 'ban',
  Merge = 'merge',
  Standardise = 'standardise',
  Keep = 'keep',
}

export const DISPOSITION_LABELS: LabelMap<Disposition> = {
  [Disposition.Ban]: { zh: '依法取缔', en: 'Ban by law' },
  [Disposition.Merge]: { zh: '清理合并', en: 'Clean up and merge' },
  [Disposition.Standardise]: { zh: '规范整治', en: 'Standardise and rectify' },
  [Disposition.Keep]: { zh: '保留（无需整治）', en: 'Keep as it is' },
};

export enum PlanStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Approved = 'approved',
  InProgress = 'in_progress',
  Completed = 'completed',
  Verified = 'verified',
}

export const PLAN_STATUS_LABELS: LabelMap<PlanStatus> = {
  [PlanStatus.Draft]: { zh: '草稿', en: 'Draft' },
  [PlanStatus.Submitted]: { zh: '已提交', en: 'Submitted' },
  [PlanStatus.Approved]: { zh: '已审核', en: 'Approved' },
  [PlanStatus.InProgress]: { zh: '整治中', en: 'In progress' },
  [PlanStatus.Completed]: { zh: '已完成（待核查）', en: 'Completed (awaiting verification)' },
  [PlanStatus.Verified]: { zh: '已核查销号', en: 'Verified and closed' },
};

export enum PlanAction {
  Submit = 'submit',
  Approve = 'approve',
  Return = 'return',
  Start = 'start',
  Complete = 'complete',
  RejectCompletion = 'reject_completion',
  Verify = 'verify',
}

export const PLAN_ACTION_LABELS: LabelMap<PlanAction> = {
  [PlanAction.Submit]: { zh: '提交', en: 'Submit' },
  [PlanAction.Approve]: { zh: '审核通过', en: 'Approve' },
  [PlanAction.Return]: { zh: '退回修改', en: 'Return for changes' },
  [PlanAction.Start]: { zh: '开始整治', en: 'Start work' },
  [PlanAction.Complete]: { zh: '申报完成', en: 'Claim completion' },
  [PlanAction.RejectCompletion]: { zh: '核查不通过', en: 'Reject completion' },
  [PlanAction.Verify]: { zh: '核查销号', en: 'Verify and close' },
};

/** A plan version's action in its history: the workflow actions plus creating and editing the plan. */
export const PLAN_HISTORY_ACTION_LABELS: Record<string, Label> = {
  create: { zh: '新建', en: 'Create' },
  edit: { zh: '修改', en: 'Edit' },
  ...PLAN_ACTION_LABELS,
};

/** The three aspects the plan checks a retained outfall on. */
export enum ProblemAspect {
  Legality = 'legality',
  Construction = 'construction',
  Discharge = 'discharge',
}

export const PROBLEM_ASPECT_LABELS: LabelMap<ProblemAspect> = {
  [ProblemAspect.Legality]: { zh: '设置合法性', en: 'Legality of setup' },
  [ProblemAspect.Construction]: { zh: '建设规范性', en: 'Construction standard' },
  [ProblemAspect.Discharge]: { zh: '排污合理性', en: 'Reasonableness of discharge' },
};

export enum Problem {
  NotApproved = 'not_approved',
  InProtectedArea = 'in_protected_area',
  PrivateConnection = 'private_connection',
  SharedWithoutMetering = 'shared_without_metering',
  BadLayout = 'bad_layout',
  AgeingOrBroken = 'ageing_or_broken',
  PoorDrainage = 'poor_drainage',
  NoMaintenanceAccess = 'no_maintenance_access',
  NoSignage = 'no_signage',
  Exceedance = 'exceedance',
}

export const PROBLEMS: Record<Problem, { aspect: ProblemAspect; zh: string; en: string }> = {
  [Problem.NotApproved]: {
    aspect: ProblemAspect.Legality,
    zh: '未依法审核设置',
    en: 'Set up without approval',
  },
  [Problem.InProtectedArea]: {
    aspect: ProblemAspect.Legality,
    zh: '位于禁止设置区域',
    en: 'Inside an area where outfalls are forbidden',
  },
  [Problem.PrivateConnection]: {
    aspect: ProblemAspect.Legality,
    zh: '私设暗管、借道排污',
    en: 'Private connection or borrowed discharge',
  },
  [Problem.SharedWithoutMetering]: {
    aspect: ProblemAspect.Construction,
    zh: '多单位共用排口未分别计量',
    en: 'Shared outfall without per-unit metering',
  },
  [Problem.BadLayout]: { aspect: ProblemAspect.Construction, zh: '排口布局不合理', en: 'Bad layout' },
  [Problem.AgeingOrBroken]: {
    aspect: ProblemAspect.Construction,
    zh: '设施老化破损',
    en: 'Ageing or broken facilities',
  },
  [Problem.PoorDrainage]: { aspect: ProblemAspect.Construction, zh: '排水不畅', en: 'Poor drainage' },
  [Problem.NoMaintenanceAccess]: {
    aspect: ProblemAspect.Construction,
    zh: '无检查维护条件',
    en: 'No maintenance access',
  },
  [Problem.NoSignage]: { aspect: ProblemAspect.Construction, zh: '未树标立牌', en: 'No signage' },
  [Problem.Exceedance]: {
    aspect: ProblemAspect.Discharge,
    zh: '超标排放',
    en: 'Discharge exceeds its standard',
  },
};

export enum TargetState {
  ClosedRestored = 'closed_restored',
  ConnectedToNetwork = 'connected_to_network',
  MergedInto = 'merged_into',
  CompliantDischarge = 'compliant_discharge',
}

export const TARGET_STATE_LABELS: LabelMap<TargetState> = {
  [TargetState.ClosedRestored]: { zh: '封堵并恢复原貌', en: 'Closed and restored' },
  [TargetState.ConnectedToNetwork]: { zh: '接入污水管网', en: 'Connected to the sewer network' },
  [TargetState.MergedInto]: { zh: '归并至其他排口', en: 'Merged into another outfall' },
  [TargetState.CompliantDischarge]: { zh: '达标排放', en: 'Compliant discharge' },
};
