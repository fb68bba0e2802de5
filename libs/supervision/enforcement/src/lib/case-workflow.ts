import { beijingDay } from '@outfall/common';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, CaseAction, CaseStatus } from '@outfall/shared-types';

/** Each action: the states it starts from and the state it leads to. All writes need `enforcement:write`. */
export const CASE_TRANSITIONS: Record<CaseAction, { from: CaseStatus[]; to: CaseStatus }> = {
  [CaseAction.Investigate]: { from: [CaseStatus.Registered], to: CaseStatus.Investigating },
  [CaseAction.DecidePenalty]: {
    from: [CaseStatus.Investigating, CaseStatus.Rectifying],
    to: CaseStatus.PenaltyDecided,
  },
  [CaseAction.OrderRectification]: {
    from: [CaseStatus.Investigating, CaseStatus.PenaltyDecided],
    to: CaseStatus.Rectifying,
  },
  [CaseAction.Close]: { from: [CaseStatus.PenaltyDecided, CaseStatus.Rectifying], to: CaseStatus.Closed },
  [CaseAction.Dismiss]: { from: [CaseStatus.Registered, CaseStatus.Investigating], to: CaseStatus.Dismissed },
};

/** A case is finished once closed or dismissed: it is never overdue and takes no more changes. */
export const FINISHED: readonly CaseStatus[] = [CaseStatus.Closed, CaseStatus.Dismissed];

export function caseActionsFrom(status: CaseStatus): CaseAction[] {
  return (Object.keys(CASE_TRANSITIONS) as CaseAction[]).filter((action) =>
    CASE_TRANSITIONS[action].from.includes(status),
  );
}

/** Why the action is refused from this state (Chinese first), or null when it is allowed. */
export function transitionRefusal(status: CaseStatus, action: CaseAction): string | null {
  const rule = CASE_TRANSITIONS[action];
  if (rule.from.includes(status)) return null;
  const allowed = caseActionsFrom(status);
  const zhAllowed = allowed.length ? allowed.map((a) => CASE_ACTION_LABELS[a].zh).join('、') : '无';
  return (
    `案件当前状态为“${CASE_STATUS_LABELS[status].zh}”，不能执行“${CASE_ACTION_LABELS[action].zh}”` +
    `（当前可执行：${zhAllowed}） / cannot ${action} a case that is ${status}` +
    ` (allowed: ${allowed.join(', ') || 'none'})`
  );
}

/**
 * Overdue: a rectification deadline (a Beijing calendar day, inclusive) before today's Beijing day, and the
 * case neither closed nor dismissed. Due today is not overdue until Beijing midnight (16:00 UTC).
 */
export function isCaseOverdue(deadline: string | null, status: CaseStatus, now: Date = new Date()): boolean {
  if (!deadline || FINISHED.includes(status)) return false;
  return beijingDay(now) > deadline;
}

/** At most two decimals, not negative: a penalty in yuan. */
export function isYuanAmount(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}
