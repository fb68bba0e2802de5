import { ApiKeyScope, OutfallCategory, Permission, Role } from '@outfall/shared-types';

/**
 * Where a caller may read and write. City-wide callers see everything; the others see records whose
 * division path starts with one of `divisionPaths` (a division and everything below it).
 */
export interface Jurisdiction {
  cityWide: boolean;
  divisionId: string | null;
  divisionPath: string | null;
}

/** The authenticated caller: a user or another government system holding an API key. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  name: string;
  unitId: string | null;
  role: Role | null;
  apiKeyScope: ApiKeyScope | null;
  permissions: readonly Permission[];
  jurisdiction: Jurisdiction;
  /** Outfall categories a sector department may write; empty means no category limit. */
  sectorCategories: readonly OutfallCategory[];
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.includes(permission);
}

/** True when the record at `divisionPath` lies inside the principal's jurisdiction. */
export function inJurisdiction(jurisdiction: Jurisdiction, divisionPath: string | null | undefined): boolean {
  if (jurisdiction.cityWide) return true;
  if (!divisionPath || !jurisdiction.divisionPath) return false;
  return (
    divisionPath === jurisdiction.divisionPath || divisionPath.startsWith(`${jurisdiction.divisionPath}/`)
  );
}
