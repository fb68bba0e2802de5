import { PlanAction, PlanStatus, TargetState } from '@outfall/shared-types';
import { beijingDay } from '@outfall/common';
import { actionsFrom, isOverdue, keepsDischarging, TRANSITIONS } from './plan-workflow';

describe('the plan workflow', () => {
  it('allows each action only from its states', () => {
    expect(actionsFrom(PlanStatus.Draft)).toEqual([PlanAction.Submit]);
    expect(actionsFrom(PlanStatus.Submitted)).toEqual([PlanAction.Approve, PlanAction.Return]);
    expect(actionsFrom(PlanStatus.Approved)).toEqual([PlanAction.Start]);
    expect(actionsFrom(PlanStatus.InProgress)).toEqual([PlanAction.Complete]);
    expect(actionsFrom(PlanStatus.Completed)).toEqual([PlanAction.RejectCompletion, PlanAction.Verify]);
    expect(actionsFrom(PlanStatus.Verified)).toEqual([]);
    expect(TRANSITIONS[PlanAction.RejectCompletion]).toMatchObject({
      to: PlanStatus.InProgress,
      reason: true,
    });
  });

  it('needs a compliant sample only for outfalls that keep discharging', () => {
    expect(keepsDischarging(TargetState.CompliantDischarge)).toBe(true);
    expect(keepsDischarging(TargetState.ClosedRestored)).toBe(false);
    expect(keepsDischarging(TargetState.ConnectedToNetwork)).toBe(false);
    expect(keepsDischarging(TargetState.MergedInto)).toBe(false);
  });
});

describe('Beijing calendar days', () => {
  it('turns at 16:00 UTC', () => {
    expect(beijingDay(new Date('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31');
    expect(beijingDay(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
  });

  it('makes a plan overdue only after Beijing midnight following its deadline', () => {
    const due = '2025-08-31';
    expect(isOverdue(due, PlanStatus.InProgress, new Date('2025-08-31T15:59:59Z'))).toBe(false);
    expect(isOverdue(due, PlanStatus.InProgress, new Date('2025-08-31T16:00:00Z'))).toBe(true);
    expect(isOverdue(due, PlanStatus.Completed, new Date('2025-09-30T00:00:00Z'))).toBe(false);
    expect(isOverdue(due, PlanStatus.Verified, new Date('2025-09-30T00:00:00Z'))).toBe(false);
  });
});
