import {
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  Permission,
  PLAN_STATUS_LABELS,
  PlanStatus,
} from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Select, Space } from 'antd';
import { useAuth } from '../../../api/auth-context';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import { listUnits } from '../../units/api';
import { useI18n } from '../../../i18n/i18n-context';
import type { RemediationFilter } from '../remediation-url.util';

interface Props {
  filter: RemediationFilter;
  lookups: DirectoryLookups;
  showTownship: boolean;
  /** Plans: status, unit and overdue; dispositions: decided. */
  mode: 'plans' | 'dispositions';
  onChange(filter: RemediationFilter): void;
}

/** Status, township, responsible unit, category and overdue for plans; township, category, decided for dispositions. */
export function RemediationFilterBar({ filter, lookups, showTownship, mode, onChange }: Props) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    enabled: mode === 'plans' && can(Permission.OrgRead),
    staleTime: 5 * 60_000,
  });
  const set = (changes: Partial<RemediationFilter>) => onChange({ ...filter, ...changes });
  const empty = Object.values(filter).every((value) => value === undefined);
  return (
    <Space className="toolbar" wrap>
      {mode === 'plans' && (
        <Select<PlanStatus>
          allowClear
          value={filter.status}
          placeholder={t('remediation.allStatuses')}
          aria-label={t('remediation.allStatuses')}
          className="toolbar-select-narrow"
          popupMatchSelectWidth={false}
          onChange={(status) => set({ status })}
          options={Object.values(PlanStatus).map((status) => ({
            value: status,
            label: label(PLAN_STATUS_LABELS, status),
          }))}
          data-testid="plans-status"
        />
      )}
      {showTownship && (
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          value={filter.divisionId}
          placeholder={t('outfalls.allTownships')}
          aria-label={t('outfalls.allTownships')}
          className="toolbar-select-narrow"
          onChange={(divisionId) => set({ divisionId })}
          options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
          data-testid="remediation-township"
        />
      )}
      {mode === 'plans' && can(Permission.OrgRead) && (
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          value={filter.responsibleUnitId}
          placeholder={t('remediation.allUnits')}
          aria-label={t('remediation.allUnits')}
          className="toolbar-select"
          popupMatchSelectWidth={false}
          onChange={(responsibleUnitId) => set({ responsibleUnitId })}
          options={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
          data-testid="plans-unit"
        />
      )}
      <Select<OutfallCategory>
        allowClear
        value={filter.category}
        placeholder={t('outfalls.allCategories')}
        aria-label={t('outfalls.allCategories')}
        className="toolbar-select"
        onChange={(category) => set({ category })}
        options={Object.values(OutfallCategory).map((category) => ({
          value: category,
          label: label(OUTFALL_CATEGORY_LABELS, category),
        }))}
        data-testid="remediation-category"
      />
      {mode === 'plans' && (
        <Checkbox
          checked={filter.overdue === true}
          onChange={(event) => set({ overdue: event.target.checked || undefined })}
          data-testid="plans-overdue"
        >
          {t('remediation.onlyOverdue')}
        </Checkbox>
      )}
      {mode === 'dispositions' && (
        <Select<'true' | 'false'>
          allowClear
          value={filter.decided === undefined ? undefined : filter.decided ? 'true' : 'false'}
          placeholder={t('disposition.allDecided')}
          aria-label={t('disposition.allDecided')}
          className="toolbar-select-narrow"
          onChange={(value) => set({ decided: value === undefined ? undefined : value === 'true' })}
          options={[
            { value: 'false', label: t('disposition.undecided') },
            { value: 'true', label: t('disposition.decided') },
          ]}
          data-testid="dispositions-decided"
        />
      )}
      <Button type="link" disabled={empty} onClick={() => onChange({})} data-testid="remediation-reset">
        {t('common.reset')}
      </Button>
    </Space>
  );
}
