import { UNIT_KIND_LABELS, UnitKind } from '@outfall/shared-types';
import { Input, Select, Space } from 'antd';
import type { UnitFilter } from '../types';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  filter: UnitFilter;
  onChange(filter: UnitFilter): void;
}

/** Name search (on Enter or the search button) and a unit-kind filter. */
export function UnitsFilterBar({ filter, onChange }: Props) {
  const { t, label } = useI18n();
  return (
    <Space className="toolbar" wrap>
      <Input.Search
        allowClear
        defaultValue={filter.q}
        placeholder={t('units.search')}
        aria-label={t('units.search')}
        className="toolbar-search"
        onSearch={(value) => onChange({ ...filter, q: value.trim() || undefined })}
        data-testid="units-search"
      />
      <Select<UnitKind>
        allowClear
        value={filter.kind}
        placeholder={t('units.allKinds')}
        aria-label={t('units.allKinds')}
        className="toolbar-select"
        onChange={(kind) => onChange({ ...filter, kind })}
        options={Object.values(UnitKind).map((kind) => ({
          value: kind,
          label: label(UNIT_KIND_LABELS, kind),
        }))}
        data-testid="units-kind"
      />
    </Space>
  );
}
