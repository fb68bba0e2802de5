import { ENTITY_KIND_LABELS, EntityKind } from '@outfall/shared-types';
import { Checkbox, Input, Select, Space } from 'antd';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import type { EntityFilter } from '../entities.types';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  filter: EntityFilter;
  lookups: DirectoryLookups;
  showTownship: boolean;
  onChange(filter: EntityFilter): void;
}

/** Name or credit-code search, entity kind, township, and the 园区外多排口 flag. */
export function EntitiesFilterBar({ filter, lookups, showTownship, onChange }: Props) {
  const { t, label } = useI18n();
  const set = (changes: Partial<EntityFilter>) => onChange({ ...filter, ...changes });
  return (
    <Space className="toolbar" wrap>
      <Input.Search
        allowClear
        defaultValue={filter.q}
        placeholder={t('entities.search')}
        aria-label={t('entities.search')}
        className="toolbar-search"
        onSearch={(value) => set({ q: value.trim() || undefined })}
        data-testid="entities-search"
      />
      <Select<EntityKind>
        allowClear
        value={filter.kind}
        placeholder={t('entities.allKinds')}
        aria-label={t('entities.allKinds')}
        className="toolbar-select"
        onChange={(kind) => set({ kind })}
        options={Object.values(EntityKind).map((kind) => ({
          value: kind,
          label: label(ENTITY_KIND_LABELS, kind),
        }))}
        data-testid="entities-kind"
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
          data-testid="entities-township"
        />
      )}
      <Checkbox
        checked={filter.multipleOutfalls === true}
        onChange={(event) => set({ multipleOutfalls: event.target.checked || undefined })}
        data-testid="entities-multiple"
      >
        {t('entities.onlyMultiple')}
      </Checkbox>
    </Space>
  );
}
