import type { LabelMap } from './label';

/** A supervision notice (督办通知) from the eco branch to a unit. */
export enum NoticeStatus {
  /** Sent, waiting for the unit's response. */
  Sent = 'sent',
  /** The unit responded; the eco branch reviews it. */
  Answered = 'answered',
  /** The eco branch sent the response back: the unit responds again. */
  Returned = 'returned',
  /** The eco branch closed it. */
  Closed = 'closed',
}

export const NOTICE_STATUS_LABELS: LabelMap<NoticeStatus> = {
  [NoticeStatus.Sent]: { zh: '待回复', en: 'Awaiting response' },
  [NoticeStatus.Answered]: { zh: '已回复', en: 'Answered' },
  [NoticeStatus.Returned]: { zh: '已退回', en: 'Sent back' },
  [NoticeStatus.Closed]: { zh: '已办结', en: 'Closed' },
};

/** A unit's quarterly information submission (信息报送). */
export enum SubmissionStatus {
  Submitted = 'submitted',
  Accepted = 'accepted',
  Returned = 'returned',
}

export const SUBMISSION_STATUS_LABELS: LabelMap<SubmissionStatus> = {
  [SubmissionStatus.Submitted]: { zh: '已报送（待审核）', en: 'Submitted' },
  [SubmissionStatus.Accepted]: { zh: '已采纳', en: 'Accepted' },
  [SubmissionStatus.Returned]: { zh: '已退回', en: 'Returned' },
};

/** A cell of the units × quarter matrix. */
export enum SubmissionCell {
  OnTime = 'on_time',
  Late = 'late',
  Missing = 'missing',
  /** Not submitted yet, the deadline is still ahead. */
  Pending = 'pending',
}

export const SUBMISSION_CELL_LABELS: LabelMap<SubmissionCell> = {
  [SubmissionCell.OnTime]: { zh: '按时报送', en: 'On time' },
  [SubmissionCell.Late]: { zh: '逾期报送', en: 'Late' },
  [SubmissionCell.Missing]: { zh: '未报送', en: 'Missing' },
  [SubmissionCell.Pending]: { zh: '待报送', en: 'Pending' },
};

/** The items of a complete one-outfall-one-archive (一口一档). */
export enum ArchiveItem {
  Investigation = 'investigation',
  Photos = 'photos',
  Sample = 'sample',
  Tracing = 'tracing',
  Disposition = 'disposition',
  Plan = 'plan',
  Completion = 'completion',
  Verification = 'verification',
}

export const ARCHIVE_ITEM_LABELS: LabelMap<ArchiveItem> = {
  [ArchiveItem.Investigation]: { zh: '现场排查记录', en: 'Investigation record' },
  [ArchiveItem.Photos]: { zh: '现场照片', en: 'Photos' },
  [ArchiveItem.Sample]: { zh: '水质监测', en: 'Water-quality sample' },
  [ArchiveItem.Tracing]: { zh: '溯源结论', en: 'Tracing result' },
  [ArchiveItem.Disposition]: { zh: '整治类型认定', en: 'Disposition decision' },
  [ArchiveItem.Plan]: { zh: '一口一策方案', en: 'Remediation plan' },
  [ArchiveItem.Completion]: { zh: '整治完成佐证', en: 'Completion evidence' },
  [ArchiveItem.Verification]: { zh: '核查销号', en: 'Verification' },
};

/** The built-in inputs of the quarterly assessment (考核). Other domains register more. */
export enum AssessmentInputKey {
  Progress = 'progress',
  OverduePlans = 'overduePlans',
  OverdueNotices = 'overdueNotices',
  Submissions = 'submissions',
  PublicReports = 'publicReports',
}

export const ASSESSMENT_INPUT_LABELS: LabelMap<AssessmentInputKey> = {
  [AssessmentInputKey.Progress]: { zh: '目标任务进度', en: 'Progress against target' },
  [AssessmentInputKey.OverduePlans]: { zh: '整治方案逾期', en: 'Overdue remediation plans' },
  [AssessmentInputKey.OverdueNotices]: { zh: '督办逾期未回复', en: 'Overdue supervision notices' },
  [AssessmentInputKey.Submissions]: { zh: '信息报送及时性', en: 'Timeliness of submissions' },
  [AssessmentInputKey.PublicReports]: { zh: '群众举报按时办理', en: 'Public reports handled on time' },
};

export enum UpwardPackageStatus {
  Generating = 'generating',
  Generated = 'generated',
  Failed = 'failed',
  Sent = 'sent',
}

export const UPWARD_PACKAGE_STATUS_LABELS: LabelMap<UpwardPackageStatus> = {
  [UpwardPackageStatus.Generating]: { zh: '生成中', en: 'Generating' },
  [UpwardPackageStatus.Generated]: { zh: '已生成', en: 'Generated' },
  [UpwardPackageStatus.Failed]: { zh: '生成失败', en: 'Failed' },
  [UpwardPackageStatus.Sent]: { zh: '已报送（有回执）', en: 'Sent (receipt recorded)' },
};
