import {
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  SAMPLE_SOURCE_LABELS,
  SampleSource,
} from '@outfall/shared-types';
import { Button, DatePicker, Select, Space } from 'antd';
import type { IndicatorLookup } from '../api';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import type { MonitoringFilter } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { useDayRange } from '../../../shared/hooks/use-day-value';

const DAY = 'YYYY-MM-DD';

interface Props {
  filter: MonitoringFilter;
  lookups: DirectoryLookups;
  indicators: IndicatorLookup;
  /** Offer the township filter (not for an account that sees one township only). */
  showTownship: boolean;
  /** Offer the 超标 / 达标 filter (the sample list only). */
  showExceeding: boolean;
  onChange(filter: MonitoringFilter): void;
}

/** Water, township, category, indicator, period (Beijing days), source and exceeding. */
export function MonitoringFilterBar({
  filter,
  lookups,
  indicators,
  showTownship,
  showExceeding,
  onChange,
}: Props) {
  const { t, label } = useI18n();
  const set = (changes: Partial<MonitoringFilter>) => onChange({ ...filter, ...changes });
  const empty = Object.values(filter).every((value) => value === undefined);
  const period = useDayRange(filter.from, filter.to);
  return (
    <Space className="toolbar" wrap>
      <Select<string>
        allowClear
        showSearch
        optionFilterProp="label"
        value={filter.waterBodyId}
        placeholder={t('outfalls.allWaters')}
        aria-label={t('outfalls.allWaters')}
        className="toolbar-select-narrow"
        onChange={(waterBodyId) => set({ waterBodyId })}
        options={lookups.waterBodies.map((water) => ({ value: water.id, label: water.name }))}
        data-testid="monitoring-water"
      />
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
          data-testid="monitoring-township"
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
        data-testid="monitoring-category"
      />
      <Select<string>
        allowClear
        value={filter.indicator}
        placeholder={t('monitoring.allIndicators')}
        aria-label={t('monitoring.allIndicators')}
        className="toolbar-select-narrow"
        onChange={(indicator) => set({ indicator })}
        options={indicators.indicators.map((indicator) => ({
          value: indicator.code,
          label: indicators.name(indicator.code),
        }))}
        data-testid="monitoring-indicator"
      />
      <DatePicker.RangePicker
        value={period}
        placeholder={[t('monitoring.from'), t('monitoring.to')]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          set({ from: range?.[0]?.format(DAY) ?? undefined, to: range?.[1]?.format(DAY) ?? undefined })
        }
        data-testid="monitoring-period"
      />
      <Select<SampleSource>
        allowClear
        value={filter.source}
        placeholder={t('monitoring.allSources')}
        aria-label={t('monitoring.allSources')}
        className="toolbar-select-narrow"
        popupMatchSelectWidth={false}
        onChange={(source) => set({ source })}
        options={Object.values(SampleSource).map((source) => ({
          value: source,
          label: label(SAMPLE_SOURCE_LABELS, source),
        }))}
        data-testid="monitoring-source"
      />
      {showExceeding && (
        <Select<'true' | 'false'>
          allowClear
          value={filter.exceeding === undefined ? undefined : filter.exceeding ? 'true' : 'false'}
          placeholder={t('monitoring.allResults')}
          aria-label={t('monitoring.allResults')}
          className="toolbar-select-narrow"
          onChange={(value) => set({ exceeding: value === undefined ? undefined : value === 'true' })}
          options={[
            { value: 'true', label: t('monitoring.onlyExceeding') },
            { value: 'false', label: t('monitoring.onlyCompliant') },
          ]}
          data-testid="monitoring-exceeding"
        />
      )}
      <Button type="link" disabled={empty} onClick={() => onChange({})} data-testid="monitoring-reset">
        {t('common.reset')}
      </Button>
    </Space>
  );
}
