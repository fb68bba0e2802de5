import { ProgressMetric, ScopeGroup } from '@outfall/shared-types';

const { KeyRivers: KEY, OtherRivers: OTHER } = ScopeGroup;
const { Investigation, Plan, Tracing, Remediation } = ProgressMetric;

/** The plan's own targets (一、工作目标), loaded once into an empty table; admins edit them afterwards. */
export const PLAN_TARGETS: {
  scope: ScopeGroup;
  metric: ProgressMetric;
  deadline: string;
  threshold: number;
  note: string;
}[] = [
  { scope: KEY, metric: Plan, deadline: '2023-10-15', threshold: 1, note: '一口一档资料报送' },
  { scope: OTHER, metric: Plan, deadline: '2023-10-15', threshold: 1, note: '一口一档资料报送' },
  { scope: KEY, metric: Investigation, deadline: '2023-12-31', threshold: 1, note: '完成排查' },
  { scope: KEY, metric: Tracing, deadline: '2023-12-31', threshold: 0.8, note: '溯源不低于80%' },
  { scope: KEY, metric: Remediation, deadline: '2023-12-31', threshold: 0.3, note: '整治不低于30%' },
  { scope: OTHER, metric: Investigation, deadline: '2023-12-31', threshold: 1, note: '完成排查' },
  { scope: KEY, metric: Tracing, deadline: '2024-12-31', threshold: 1, note: '溯源基本完成（阈值可调）' },
  { scope: KEY, metric: Remediation, deadline: '2024-12-31', threshold: 0.7, note: '整治不低于70%' },
  { scope: OTHER, metric: Tracing, deadline: '2024-12-31', threshold: 0.8, note: '溯源不低于80%' },
  { scope: OTHER, metric: Remediation, deadline: '2024-12-31', threshold: 0.35, note: '整治不低于35%' },
  { scope: KEY, metric: Remediation, deadline: '2025-08-31', threshold: 1, note: '基本完成整治' },
  { scope: OTHER, metric: Remediation, deadline: '2025-08-31', threshold: 1, note: '基本完成整治' },
];
