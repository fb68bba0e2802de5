import { SOURCE_LIST_KIND_LABELS } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { candidateSources, type CandidateSourceRow } from './source-lists.api';

export function useCandidateSources(outfallId: string) {
  return useQuery({
    queryKey: ['source-lists', 'candidates', outfallId],
    queryFn: ({ signal }) => candidateSources(outfallId, signal),
  });
}

/** The outfall drawer's section: department-list items near the outfall, nearest first. */
export function CandidateSourcesSection({ outfallId }: { outfallId: string }) {
  const { t, label } = useI18n();
  const candidates = useCandidateSources(outfallId);
  const columns: TableColumnsType<CandidateSourceRow> = [
    {
      title: t('sourceLists.col.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <>
          {name}
          <Typography.Text type="secondary" className="cell-note">
            {label(SOURCE_LIST_KIND_LABELS, item.kind)}
            {item.industryCode ? ` · ${item.industryCode}` : ''} · {item.ownerUnitName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('sourceLists.col.distance'),
      dataIndex: 'distanceM',
      width: 90,
      align: 'right',
      render: (metres: number) => t('common.metres', { value: Math.round(metres) }),
    },
    {
      title: t('sourceLists.col.matched'),
      key: 'matched',
      width: 150,
      render: (_, item) =>
        item.matched ? (
          <Tag color="green">{item.matchedEntityName}</Tag>
        ) : (
          <Tag>{t('sourceLists.unmatched')}</Tag>
        ),
    },
  ];
  return (
    <section className="drawer-section" data-testid="candidate-sources">
      <Typography.Title level={5}>{t('sourceLists.candidates')}</Typography.Title>
      {candidates.data && (
        <Typography.Text type="secondary" className="cell-note">
          {t('sourceLists.candidatesHint', { distance: candidates.data.distanceM })}
        </Typography.Text>
      )}
      {candidates.error ? (
        <ApiErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} />
      ) : (
        <Table<CandidateSourceRow>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={candidates.data?.items}
          loading={candidates.isFetching}
          pagination={false}
          locale={{ emptyText: <Empty description={t('sourceLists.candidatesEmpty')} /> }}
          data-testid="candidate-sources-table"
        />
      )}
    </section>
  );
}

/** The tracing form's picker: candidate sources of the outfall (value: their ids). */
export function CandidateSourceSelect({
  id,
  outfallId,
  value,
  onChange,
}: {
  /** Set by Form.Item: ties the field's label to the control. */
  id?: string;
  outfallId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const { t, label } = useI18n();
  const candidates = useCandidateSources(outfallId);
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      loading={candidates.isFetching}
      data-testid="tracing-candidates"
      options={(candidates.data?.items ?? []).map((item) => ({
        value: item.id,
        label: `${item.name}（${label(SOURCE_LIST_KIND_LABELS, item.kind)}，${t('common.metres', {
          value: Math.round(item.distanceM ?? 0),
        })}）`,
      }))}
    />
  );
}
