import { Permission } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useAuth } from '../../api/auth-context';
import { listTownships, listWaterBodies } from './layers.api';
import type { DivisionRow, WaterBodyRow } from './types';

/** Reference data changes rarely: keep it for the session's working time. */
const REFERENCE_STALE_MS = 5 * 60_000;

export interface DirectoryLookups {
  waterBodies: WaterBodyRow[];
  townships: DivisionRow[];
  waterName(id: string | null | undefined): string | undefined;
  townshipName(id: string | null | undefined): string | undefined;
}

/**
 * Water bodies and townships for filters, forms and names in tables (the directory rows carry only ids).
 * Divisions need `org:read`; without it the township names are simply missing.
 */
export function useDirectoryLookups(): DirectoryLookups {
  const { can } = useAuth();
  const waters = useQuery({
    queryKey: ['water-bodies', 'all'],
    queryFn: ({ signal }) => listWaterBodies(signal),
    staleTime: REFERENCE_STALE_MS,
  });
  const townships = useQuery({
    queryKey: ['divisions', 'townships'],
    queryFn: ({ signal }) => listTownships(signal),
    staleTime: REFERENCE_STALE_MS,
    enabled: can(Permission.OrgRead),
  });
  return useMemo(() => {
    const waterById = new Map((waters.data?.items ?? []).map((water) => [water.id, water]));
    const townshipById = new Map((townships.data ?? []).map((division) => [division.id, division]));
    return {
      waterBodies: waters.data?.items ?? [],
      townships: townships.data ?? [],
      waterName: (id) => (id ? waterById.get(id)?.name : undefined),
      townshipName: (id) => (id ? townshipById.get(id)?.name : undefined),
    };
  }, [waters.data, townships.data]);
}
