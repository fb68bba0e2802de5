import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import type { PlanRow } from '../types';

/**
 * What follows a saved plan: the drawer shows the saved version at once, and the plan lists, the audit log and
 * any `alsoStale` queries reload.
 */
export function usePlanSaved(): (saved: PlanRow, ...alsoStale: QueryKey[]) => Promise<void> {
  const queryClient = useQueryClient();
  return async (saved, ...alsoStale) => {
    queryClient.setQueryData(['plans', 'detail', saved.id], saved);
    await Promise.all(
      [['plans'], ['audit'], ...alsoStale].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
  };
}
