import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { AuditFilter } from '../types';
import { AUDITED_ENTITY_TYPES, entityTypeLabel } from '../../../i18n/glossary';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  filter: AuditFilter;
  onChange(filter: AuditFilter): void;
  /** Actions shown after the filters (the export button). */
  children?: ReactNode;
}

/** Entity type and a date range (whole days, local time). */
export function AuditFilterBar({ filter, onChange, children }: Props) {
  const { t, locale } = useI18n();
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null =
    filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null;
  return (
    <Space className="toolbar" wrap>
      <Select<string>
        allowClear
        showSearch
        optionFilterProp="label"
        value={filter.entityType}
        placeholder={t('audit.allEntityTypes')}
        aria-label={t('audit.allEntityTypes')}
        className="toolbar-select"
        onChange={(entityType) => onChange({ ...filter, entityType })}
        options={AUDITED_ENTITY_TYPES.map((type) => ({
          value: type,
          label: entityTypeLabel(type, locale),
        }))}
        data-testid="audit-entity-type"
      />
      <DatePicker.RangePicker
        value={range}
        placeholder={[t('audit.startDate'), t('audit.endDate')]}
        onChange={(dates) =>
          onChange({
            ...filter,
            from: dates?.[0]?.startOf('day').toISOString(),
            to: dates?.[1]?.endOf('day').toISOString(),
          })
        }
        data-testid="audit-range"
      />
      {children}
    </Space>
  );
}
