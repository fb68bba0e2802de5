import { AuditLog } from '@outfall/audit';
import {
  FunctionZone,
  Outfall,
  OutfallAttachment,
  OutfallDuplicate,
  OutfallEntityLink,
  OutfallEvent,
  ProtectedArea,
  ResponsibleEntity,
  WaterBody,
} from '@outfall/directory';
import { ApiKey, User } from '@outfall/iam';
import {
  DischargeStandard,
  Indicator,
  OutfallStandardSetting,
  RequiredIndicatorRule,
  Sample,
  SampleValue,
  TracingRecord,
  TracingSource,
} from '@outfall/monitoring';
import {
  RemediationDecision,
  RemediationPlan,
  RemediationPlanVersion,
  SewerCoverageArea,
} from '@outfall/remediation';
import { DispatchReport, ProgressSnapshot, ProgressTarget } from '@outfall/progress';
import { Division, Unit } from '@outfall/org';
import { JobRecord } from '@outfall/queue';
import { SETUP_REVIEW_ENTITIES } from '@outfall/setup-review';
import { PERMITS_ENTITIES } from '@outfall/permits';
import { ENFORCEMENT_ENTITIES } from '@outfall/enforcement';
import { PATROLS_ENTITIES } from '@outfall/patrols';
import { SOURCE_LISTS_ENTITIES } from '@outfall/source-lists';
import { SIGNAGE_ENTITIES } from '@outfall/signage';
import { PUBLIC_PORTAL_ENTITIES } from '@outfall/public-portal';
import { PUBLIC_REPORTS_ENTITIES } from '@outfall/public-reports';
import { TASKS_ENTITIES } from '@outfall/tasks';
import { SUBMISSIONS_ENTITIES } from '@outfall/submissions';
import { WEBHOOKS_ENTITIES } from '@outfall/webhooks';
import { HJ212_ENTITIES } from '@outfall/hj212';

/** Every entity of the platform; each one has its table in a committed migration. */
export const ENTITIES = [
  Division,
  Unit,
  User,
  ApiKey,
  AuditLog,
  JobRecord,
  WaterBody,
  FunctionZone,
  ProtectedArea,
  Outfall,
  OutfallEvent,
  OutfallDuplicate,
  ResponsibleEntity,
  OutfallEntityLink,
  OutfallAttachment,
  Indicator,
  DischargeStandard,
  OutfallStandardSetting,
  Sample,
  SampleValue,
  RequiredIndicatorRule,
  TracingRecord,
  TracingSource,
  RemediationDecision,
  SewerCoverageArea,
  RemediationPlan,
  RemediationPlanVersion,
  ProgressTarget,
  ProgressSnapshot,
  DispatchReport,
  ...SETUP_REVIEW_ENTITIES,
  ...PERMITS_ENTITIES,
  ...ENFORCEMENT_ENTITIES,
  ...PATROLS_ENTITIES,
  ...SOURCE_LISTS_ENTITIES,
  ...SIGNAGE_ENTITIES,
  ...PUBLIC_PORTAL_ENTITIES,
  ...PUBLIC_REPORTS_ENTITIES,
  ...TASKS_ENTITIES,
  ...SUBMISSIONS_ENTITIES,
  ...WEBHOOKS_ENTITIES,
  ...HJ212_ENTITIES,
];
