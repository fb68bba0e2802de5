import { beijingDay } from '@outfall/common';
import { Permission, PlanAction, PlanStatus, TargetState } from '@outfall/shared-types';

/** Each action: the states it starts from, the state it leads to, and who may take it. */
export const TRANSITIONS: Record<
  PlanAction,
  { from: PlanStatus[]; to: PlanStatus; permission: Permission; reason?: true }
> = {
  [PlanAction.Submit]: {
    from: [PlanStatus.Draft],
    to: PlanStatus.Submitted,
    permission: Permission.RemediationWrite,
  },
  [PlanAction.Approve]: {
    from: [PlanStatus.Submitted],
    to: PlanStatus.Approved,
    permission: Permission.Approve,
  },
  [PlanAction.Return]: {
    from: [PlanStatus.Submitted],
    to: PlanStatus.Draft,
    permission: Permission.Approve,
    reason: true,
  },
  [PlanAction.Start]: {
    from: [PlanStatus.Approved],
    to: PlanStatus.InProgress,
    permission: Permission.RemediationWrite,
  },
  [PlanAction.Complete]: {
    from: [PlanStatus.InProgress],
    to: PlanStatus.Completed,
    permission: Permission.RemediationWrite,
  },
  [PlanAction.RejectCompletion]: {
    from: [PlanStatus.Completed],
    to: PlanStatus.InProgress,
    permission: Permission.Approve,
    reason: true,
  },
  [PlanAction.Verify]: {
    from: [PlanStatus.Completed],
    to: PlanStatus.Verified,
    permission: Permission.Approve,
  },
};

/** The actions open from a state. */
export function actionsFrom(status: PlanStatus): PlanAction[] {
  return (Object.keys(TRANSITIONS) as PlanAction[]).filter((action) =>
    TRANSITIONS[action].from.includes(status),
  );
}

/** A plan keeps discharging after the work unless it is closed, connected or merged away. */
export function keepsDischarging(target: TargetState): boolean {
  return target === TargetState.CompliantDischarge;
}

/**
 * Overdue: past its deadline (a Beijing calendar day, inclusive) and not completed. A plan due today is not
 * overdue until Beijing midnight.
 */
export function isOverdue(deadline: string, status: PlanStatus, now = new Date()): boolean {
  if (status === PlanStatus.Completed || status === PlanStatus.Verified) return false;
  return beijingDay(now) > deadline;
}
