import { Jurisdiction, Principal } from '@outfall/common';
import { Division } from '@outfall/org';
import { ApiKeyScope, CITY_WIDE_ROLES, Permission, ROLE_PERMISSIONS, UnitKind } from '@outfall/shared-types';
import type { ApiKey } from '../api-keys/api-key.entity';
import type { User } from '../users/user.entity';

const API_KEY_PERMISSIONS: Record<ApiKeyScope, Permission[]> = {
  [ApiKeyScope.Read]: [Permission.OrgRead, Permission.DirectoryRead, Permission.JobRead],
  [ApiKeyScope.ReadWrite]: [
    Permission.OrgRead,
    Permission.DirectoryRead,
    Permission.JobRead,
    Permission.DirectoryWrite,
    Permission.MonitoringWrite,
  ],
  [ApiKeyScope.RemediationWrite]: [Permission.RemediationWrite],
  [ApiKeyScope.SupervisionWrite]: [
    Permission.PermitWrite,
    Permission.PatrolWrite,
    Permission.EnforcementWrite,
    Permission.SetupReviewWrite,
    Permission.SourceListWrite,
  ],
  [ApiKeyScope.AuditRead]: [Permission.AuditRead],
};

/** The permissions a key's scopes grant together (its base scope and every scope added on top). */
export function apiKeyPermissions(scopes: readonly ApiKeyScope[]): Permission[] {
  return [...new Set(scopes.flatMap((scope) => API_KEY_PERMISSIONS[scope] ?? []))];
}

/** A user (loaded with unit and division) as the request's principal. */
export function userPrincipal(user: User): Principal {
  const division = user.unit?.division;
  const cityWide = CITY_WIDE_ROLES.includes(user.role);
  const jurisdiction: Jurisdiction = cityWide
    ? { cityWide: true, divisionId: null, divisionPath: null }
    : { cityWide: false, divisionId: division?.id ?? null, divisionPath: division?.path ?? null };
  return {
    kind: 'user',
    id: user.id,
    name: user.displayName,
    unitId: user.unitId,
    role: user.role,
    apiKeyScope: null,
    permissions: ROLE_PERMISSIONS[user.role],
    jurisdiction,
    sectorCategories: user.unit && user.unit.kind !== UnitKind.Township ? user.unit.sectorCategories : [],
  };
}

export function apiKeyPrincipal(key: ApiKey, division: Division | null): Principal {
  return {
    kind: 'api_key',
    id: key.id,
    name: `API key ${key.name}`,
    unitId: null,
    role: null,
    apiKeyScope: key.scope,
    permissions: apiKeyPermissions([key.scope, ...(key.scopes ?? [])]),
    jurisdiction: division
      ? { cityWide: false, divisionId: division.id, divisionPath: division.path }
      : { cityWide: true, divisionId: null, divisionPath: null },
    sectorCategories: [],
  };
}
