import { Permission } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { useAuth } from '../../../api/auth-context';
import { listUnits } from '../../units/api';

/** Every unit as select options (24 units; one page of 200). */
export function useUnitOptions() {
  const { can } = useAuth();
  const units = useQuery({
    queryKey: ['units', 'options'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
    enabled: can(Permission.OrgRead),
  });
  return (units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }));
}
