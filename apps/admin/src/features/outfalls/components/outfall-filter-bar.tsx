import {
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallArea,
  OutfallCategory,
  OutfallSubType,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { Button, Checkbox, Input, Select, Space } from 'antd';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import { OUTFALL_STATUSES, type OutfallFilter, type OutfallStatus } from '../types';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  filter: OutfallFilter;
  lookups: DirectoryLookups;
  /** Offer the township filter (not for an account that sees one township only). */
  showTownship: boolean;
  onChange(filter: OutfallFilter): void;
}

/** The category a sub-type belongs to. */
export function categoryOf(subType: OutfallSubType): OutfallCategory {
  const category = Object.values(OutfallCategory).find((c) => SUB_TYPES_BY_CATEGORY[c].includes(subType));
  return category ?? OutfallCategory.Other;
}

/**
 * Sub-type options: those of the category when one is chosen, else all of them grouped by category
 * (picking one then also sets its category).
 */
export function useSubTypeOptions(category: OutfallCategory | undefined) {
  const { label } = useI18n();
  const option = (subType: OutfallSubType) => ({
    value: subType,
    label: label(OUTFALL_SUB_TYPE_LABELS, subType),
  });
  if (category) return SUB_TYPES_BY_CATEGORY[category].map(option);
  return Object.values(OutfallCategory).map((c) => ({
    label: label(OUTFALL_CATEGORY_LABELS, c),
    title: label(OUTFALL_CATEGORY_LABELS, c),
    options: SUB_TYPES_BY_CATEGORY[c].map(option),
  }));
}

/** Text, water body, category → sub-type, township, area, status and the flags of the directory. */
export function OutfallFilterBar({ filter, lookups, showTownship, onChange }: Props) {
  const { t, label } = useI18n();
  const subTypeOptions = useSubTypeOptions(filter.category);
  const set = (changes: Partial<OutfallFilter>) => onChange({ ...filter, ...changes });
  const empty = Object.values(filter).every((value) => value === undefined);
  return (
    <Space className="toolbar" wrap>
      <Input.Search
        // remount when the text is cleared from outside (reset), so the box shows it
        key={filter.q ?? ''}
        allowClear
        defaultValue={filter.q}
        placeholder={t('outfalls.search')}
        aria-label={t('outfalls.search')}
        className="toolbar-search"
        onSearch={(value) => set({ q: value.trim() || undefined })}
        data-testid="outfalls-search"
      />
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
        data-testid="outfalls-water"
      />
      <Select<OutfallCategory>
        allowClear
        value={filter.category}
        placeholder={t('outfalls.allCategories')}
        aria-label={t('outfalls.allCategories')}
        className="toolbar-select"
        onChange={(category) =>
          set({
            category,
            // keep the sub-type only while it still belongs to the category
            subType:
              category && filter.subType && SUB_TYPES_BY_CATEGORY[category].includes(filter.subType)
                ? filter.subType
                : undefined,
          })
        }
        options={Object.values(OutfallCategory).map((category) => ({
          value: category,
          label: label(OUTFALL_CATEGORY_LABELS, category),
        }))}
        data-testid="outfalls-category"
      />
      <Select<OutfallSubType>
        allowClear
        value={filter.subType}
        placeholder={t('outfalls.allSubTypes')}
        aria-label={t('outfalls.allSubTypes')}
        className="toolbar-select-wide"
        popupMatchSelectWidth={false}
        onChange={(subType) => set({ subType, category: subType ? categoryOf(subType) : filter.category })}
        options={subTypeOptions}
        data-testid="outfalls-sub-type"
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
          data-testid="outfalls-township"
        />
      )}
      <Select<OutfallArea>
        allowClear
        value={filter.area}
        placeholder={t('outfalls.allAreas')}
        aria-label={t('outfalls.allAreas')}
        className="toolbar-select-narrow"
        onChange={(area) => set({ area })}
        options={Object.values(OutfallArea).map((area) => ({
          value: area,
          label: label(OUTFALL_AREA_LABELS, area),
        }))}
        data-testid="outfalls-area"
      />
      <Select<OutfallStatus>
        allowClear
        value={filter.status}
        placeholder={t('outfalls.allStatuses')}
        aria-label={t('outfalls.allStatuses')}
        className="toolbar-select-narrow"
        onChange={(status) => set({ status })}
        options={OUTFALL_STATUSES.map((status) => ({ value: status, label: t(`outfalls.status.${status}`) }))}
        data-testid="outfalls-status"
      />
      <Checkbox
        checked={filter.keyRiver === true}
        onChange={(event) => set({ keyRiver: event.target.checked || undefined })}
        data-testid="outfalls-key-river"
      >
        {t('outfalls.onlyKeyRiver')}
      </Checkbox>
      <Checkbox
        checked={filter.banCandidate === true}
        onChange={(event) => set({ banCandidate: event.target.checked || undefined })}
        data-testid="outfalls-ban"
      >
        {t('outfalls.onlyBan')}
      </Checkbox>
      <Checkbox
        checked={filter.duplicate === true}
        onChange={(event) => set({ duplicate: event.target.checked || undefined })}
        data-testid="outfalls-duplicate"
      >
        {t('outfalls.onlyDuplicate')}
      </Checkbox>
      <Button type="link" disabled={empty} onClick={() => onChange({})} data-testid="outfalls-reset">
        {t('common.reset')}
      </Button>
    </Space>
  );
}
