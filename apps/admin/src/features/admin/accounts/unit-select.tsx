import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { listUnits } from '../../units/api';
import { useI18n } from '../../../i18n/i18n-context';

/** Picks a unit by name (searched on the server); `initial` keeps the current unit's name visible. */
export function UnitSelect(props: {
  id?: string;
  value?: string;
  onChange?(value: string | undefined): void;
  initial?: { id: string; name: string } | null;
  allowClear?: boolean;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const units = useQuery({
    queryKey: ['units', 'picker', q],
    queryFn: ({ signal }) => listUnits({ limit: 50, offset: 0, q: q || undefined }, signal),
  });
  const options = (units.data?.items ?? []).map((unit) => ({
    value: unit.id,
    label: unit.division ? `${unit.name}（${unit.division.name}）` : unit.name,
  }));
  if (props.initial && !options.some((option) => option.value === props.initial?.id))
    options.unshift({ value: props.initial.id, label: props.initial.name });
  return (
    <Select<string>
      id={props.id}
      showSearch
      allowClear={props.allowClear}
      className={props.className}
      value={props.value}
      onChange={props.onChange}
      filterOption={false}
      onSearch={setQ}
      loading={units.isFetching}
      placeholder={t('accounts.user.unit')}
      aria-label={props['aria-label']}
      options={options}
      popupMatchSelectWidth={false}
      data-testid={props['data-testid']}
    />
  );
}
