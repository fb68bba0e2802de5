import { CaseAction, CaseStatus } from '@outfall/shared-types';
import { caseActionsFrom, isCaseOverdue, isYuanAmount, transitionRefusal } from './case-workflow';

describe('enforcement case workflow', () => {
  it('opens the documented actions from each state', () => {
    expect(caseActionsFrom(CaseStatus.Registered)).toEqual([CaseAction.Investigate, CaseAction.Dismiss]);
    expect(caseActionsFrom(CaseStatus.Investigating)).toEqual([
      CaseAction.DecidePenalty,
      CaseAction.OrderRectification,
      CaseAction.Dismiss,
    ]);
    expect(caseActionsFrom(CaseStatus.Closed)).toEqual([]);
    expect(caseActionsFrom(CaseStatus.Dismissed)).toEqual([]);
  });

  it('refuses an illegal transition with the reason in Chinese', () => {
    expect(transitionRefusal(CaseStatus.Registered, CaseAction.Investigate)).toBeNull();
    expect(transitionRefusal(CaseStatus.Registered, CaseAction.Close)).toMatch(
      /^案件当前状态为“立案”，不能执行“结案”（当前可执行：开始调查、不予立案\/撤销）/,
    );
    expect(transitionRefusal(CaseStatus.Closed, CaseAction.Dismiss)).toMatch(/当前可执行：无/);
  });

  it('is overdue only after the Beijing day of the deadline has passed', () => {
    // 2024-06-30 15:59:59 UTC is 23:59:59 in Beijing; a second later it is 07-01
    expect(isCaseOverdue('2024-06-30', CaseStatus.Rectifying, new Date('2024-06-30T15:59:59Z'))).toBe(false);
    expect(isCaseOverdue('2024-06-30', CaseStatus.Rectifying, new Date('2024-06-30T16:00:00Z'))).toBe(true);
    expect(isCaseOverdue('2024-06-30', CaseStatus.Closed, new Date('2024-08-01T00:00:00Z'))).toBe(false);
    expect(isCaseOverdue(null, CaseStatus.Rectifying, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('accepts yuan amounts with at most two decimals', () => {
    expect(isYuanAmount(0)).toBe(true);
    expect(isYuanAmount(100000.5)).toBe(true);
    expect(isYuanAmount(12.34)).toBe(true);
    expect(isYuanAmount(12.345)).toBe(false);
    expect(isYuanAmount(-1)).toBe(false);
  });
});
