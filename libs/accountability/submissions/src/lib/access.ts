import { DomainException, hasPermission, Principal } from '@outfall/common';
import { Permission } from '@outfall/shared-types';

/** The eco branch (AccountabilityManage) sees every unit; any other account only its own unit. */
export function managesAll(principal: Principal): boolean {
  return hasPermission(principal, Permission.AccountabilityManage);
}

/** The unit whose records the caller may see: null for the eco branch (all), else its own unit. */
export function unitScope(principal: Principal): string | null {
  if (managesAll(principal)) return null;
  if (!principal.unitId) throw DomainException.forbidden('your account belongs to no unit');
  return principal.unitId;
}

/** The caller's own unit, for writing as that unit (responding, submitting). */
export function ownUnit(principal: Principal): string {
  if (!hasPermission(principal, Permission.SubmissionWrite) || !principal.unitId)
    throw DomainException.forbidden('only a unit’s own accounts answer its notices and submit its reports');
  return principal.unitId;
}
