import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { listOutfalls } from '../api';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  id?: string;
  value?: string;
  onChange?(value: string | undefined): void;
  /** An outfall to leave out (e.g. the one being edited). */
  exclude?: string;
  'data-testid'?: string;
}

/** Picks an active outfall by code or name (searched on the server, within the caller's jurisdiction). */
export function OutfallPicker({ id, value, onChange, exclude, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const outfalls = useQuery({
    queryKey: ['outfalls', 'picker', q],
    queryFn: ({ signal }) =>
      listOutfalls({ limit: 20, offset: 0, q: q || undefined, status: 'active', sort: 'localCode' }, signal),
  });
  return (
    <Select<string>
      id={id}
      showSearch
      allowClear
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={outfalls.isFetching}
      placeholder={t('picker.outfall')}
      notFoundContent={t('outfalls.empty')}
      popupMatchSelectWidth={false}
      options={(outfalls.data?.items ?? [])
        .filter((outfall) => outfall.id !== exclude)
        .map((outfall) => ({ value: outfall.id, label: `${outfall.localCode} ${outfall.name}` }))}
      data-testid={testId}
    />
  );
}
