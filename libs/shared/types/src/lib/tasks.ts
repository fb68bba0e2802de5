import type { LabelMap } from './label';

/** What a task of the plan is about (the plan's 查、测、溯、治、管 and the rest of its work requirements). */
export enum TaskKind {
  Investigation = 'investigation',
  Monitoring = 'monitoring',
  Tracing = 'tracing',
  Remediation = 'remediation',
  SetupReview = 'setup_review',
  LongTermSupervision = 'long_term_supervision',
  InformationSubmission = 'information_submission',
  Other = 'other',
}

export const TASK_KIND_LABELS: LabelMap<TaskKind> = {
  [TaskKind.Investigation]: { zh: '排查', en: 'Investigation' },
  [TaskKind.Monitoring]: { zh: '监测', en: 'Monitoring' },
  [TaskKind.Tracing]: { zh: '溯源', en: 'Tracing' },
  [TaskKind.Remediation]: { zh: '整治', en: 'Remediation' },
  [TaskKind.SetupReview]: { zh: '设置审核', en: 'Setup review' },
  [TaskKind.LongTermSupervision]: { zh: '长效监管', en: 'Long-term supervision' },
  [TaskKind.InformationSubmission]: { zh: '信息报送', en: 'Information submission' },
  [TaskKind.Other]: { zh: '其他', en: 'Other' },
};

/** A unit's part in a task: 牵头 (exactly one per task), 配合, 责任. */
export enum TaskRole {
  Lead = 'lead',
  Cooperating = 'cooperating',
  Responsible = 'responsible',
}

export const TASK_ROLE_LABELS: LabelMap<TaskRole> = {
  [TaskRole.Lead]: { zh: '牵头单位', en: 'Lead unit' },
  [TaskRole.Cooperating]: { zh: '配合单位', en: 'Cooperating unit' },
  [TaskRole.Responsible]: { zh: '责任单位', en: 'Responsible unit' },
};

/** The state the lead unit records; `overdue` is derived (not done and the Beijing day is past the deadline). */
export enum TaskState {
  NotStarted = 'not_started',
  InProgress = 'in_progress',
  Done = 'done',
}

export enum TaskStatus {
  NotStarted = 'not_started',
  InProgress = 'in_progress',
  Done = 'done',
  Overdue = 'overdue',
}

export const TASK_STATUS_LABELS: LabelMap<TaskStatus> = {
  [TaskStatus.NotStarted]: { zh: '未开始', en: 'Not started' },
  [TaskStatus.InProgress]: { zh: '进行中', en: 'In progress' },
  [TaskStatus.Done]: { zh: '已完成', en: 'Done' },
  [TaskStatus.Overdue]: { zh: '已逾期', en: 'Overdue' },
};

/** River-chief levels (河湖长层级). */
export enum RiverChiefLevel {
  City = 'city',
  County = 'county',
  Township = 'township',
  Village = 'village',
}

export const RIVER_CHIEF_LEVEL_LABELS: LabelMap<RiverChiefLevel> = {
  [RiverChiefLevel.City]: { zh: '市级', en: 'City' },
  [RiverChiefLevel.County]: { zh: '县级', en: 'County' },
  [RiverChiefLevel.Township]: { zh: '乡级', en: 'Township' },
  [RiverChiefLevel.Village]: { zh: '村级', en: 'Village' },
};

/** A task's status on a Beijing day: `overdue` when not done and the day is past the deadline. */
export function taskStatus(state: TaskState, deadline: string, today: string): TaskStatus {
  if (state === TaskState.Done) return TaskStatus.Done;
  if (today > deadline) return TaskStatus.Overdue;
  return state === TaskState.InProgress ? TaskStatus.InProgress : TaskStatus.NotStarted;
}
