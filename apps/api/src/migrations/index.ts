import { Foundation1764345600000 } from './1764345600000-foundation';
import { Directory1764432000000 } from './1764432000000-directory';
import { OutfallAttachments1764518400000 } from './1764518400000-outfall-attachments';
import { OutfallGeographyIndex1764604800000 } from './1764604800000-outfall-geography-index';
import { Monitoring1764691200000 } from './1764691200000-monitoring';
import { Remediation1764777600000 } from './1764777600000-remediation';
import { Progress1764864000000 } from './1764864000000-progress';
import { DirectoryIndexes1764900000000 } from './1764900000000-directory-indexes';
import { ProgressEventIndex1764950400000 } from './1764950400000-progress-event-index';
import { DivisionBoundaries1765500000000 } from './1765500000000-division-boundaries';
import { JobLeases1765800000000 } from './1765800000000-job-leases';
import { MilestoneProvenance1766100000000 } from './1766100000000-milestone-provenance';
import { ProgressTime1766200000000 } from './1766200000000-progress-time';
import { AssessmentExplanations1766300000000 } from './1766300000000-assessment-explanations';
import { SetupReview1767100000000 } from './1767100000000-setup-review';
import { Permits1767200000000 } from './1767200000000-permits';
import { Enforcement1767300000000 } from './1767300000000-enforcement';
import { Patrols1767400000000 } from './1767400000000-patrols';
import { SourceLists1767500000000 } from './1767500000000-source-lists';
import { SignageRequiredIndicators1767600000000 } from './1767600000000-signage-required-indicators';
import { TasksRiverChiefs1767700000000 } from './1767700000000-tasks-river-chiefs';
import { AccountabilitySubmissions1767800000000 } from './1767800000000-accountability-submissions';
import { DispatchReport1767900000000 } from './1767900000000-dispatch-report';
import { PublicationConfig1768100000000 } from './1768100000000-publication-config';
import { PublicReports1768200000000 } from './1768200000000-public-reports';
import { ApiKeyScopesWebhooks1768400000000 } from './1768400000000-api-key-scopes-webhooks';
import { OutfallWaterCategoryIndex1768500000000 } from './1768500000000-outfall-water-category-index';
import { Hj2121768800000000 } from './1768800000000-hj212';
import { SyncChanges1769100000000 } from './1769100000000-sync-changes';
import { ProgressRollup1769200000000 } from './1769200000000-progress-rollup';
import { ImportStaging1769300000000 } from './1769300000000-import-staging';
import { DashboardIndexes1769800000000 } from './1769800000000-dashboard-indexes';
import { ImportStagingBefore1769810000000 } from './1769810000000-import-staging-before';
import { StatementHistoryTriggers1769810000001 } from './1769810000001-statement-history-triggers';
import { SampleBatchAudit1769820000000 } from './1769820000000-sample-batch-audit';
import { ProgressKnownGroups1769840000000 } from './1769840000000-progress-known-groups';
import { ExceedanceListIndexes1769900000000 } from './1769900000000-exceedance-list-indexes';
import { SyncChangeDeleteByIds1769910000000 } from './1769910000000-sync-change-delete-by-ids';
import { ImportStagingNoCodeColumn1769930000000 } from './1769930000000-import-staging-no-code-column';
import { ProgressKnownLateIndex1769940000000 } from './1769940000000-progress-known-late-index';
import { ProgressKnownWeeks1769950000000 } from './1769950000000-progress-known-weeks';
import { TimeOrderedIds1769960000000 } from './1769960000000-time-ordered-ids';
import { SampleValueSetCheck1769970000000 } from './1769970000000-sample-value-set-check';
import { CheaperTimeOrderedIds1769980000000 } from './1769980000000-cheaper-time-ordered-ids';
/** Every migration, in order. */
export const MIGRATIONS = [
  Foundation1764345600000,
  Directory1764432000000,
  OutfallAttachments1764518400000,
  OutfallGeographyIndex1764604800000,
  Monitoring1764691200000,
  Remediation1764777600000,
  Progress1764864000000,
  DirectoryIndexes1764900000000,
  ProgressEventIndex1764950400000,
  DivisionBoundaries1765500000000,
  JobLeases1765800000000,
  MilestoneProvenance1766100000000,
  ProgressTime1766200000000,
  AssessmentExplanations1766300000000,
  SetupReview1767100000000,
  Permits1767200000000,
  Enforcement1767300000000,
  Patrols1767400000000,
  SourceLists1767500000000,
  SignageRequiredIndicators1767600000000,
  TasksRiverChiefs1767700000000,
  AccountabilitySubmissions1767800000000,
  DispatchReport1767900000000,
  PublicationConfig1768100000000,
  PublicReports1768200000000,
  ApiKeyScopesWebhooks1768400000000,
  OutfallWaterCategoryIndex1768500000000,
  Hj2121768800000000,
  SyncChanges1769100000000,
  ProgressRollup1769200000000,
  ImportStaging1769300000000,
  DashboardIndexes1769800000000,
  ImportStagingBefore1769810000000,
  StatementHistoryTriggers1769810000001,
  SampleBatchAudit1769820000000,
  ProgressKnownGroups1769840000000,
  ExceedanceListIndexes1769900000000,
  SyncChangeDeleteByIds1769910000000,
  ImportStagingNoCodeColumn1769930000000,
  ProgressKnownLateIndex1769940000000,
  ProgressKnownWeeks1769950000000,
  TimeOrderedIds1769960000000,
  SampleValueSetCheck1769970000000,
  CheaperTimeOrderedIds1769980000000,
];
