import { useQuery } from '@tanstack/react-query';
import { ARCHIVE_ITEM_LABELS, ArchiveItem } from '@outfall/shared-types';
import { Button, Empty, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobProgress } from '../../jobs/components/job-progress';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { exportArchive, listArchive, type ArchiveFilter, type ArchiveRow } from './submissions.api';

const PAGE = 20;

/** 一口一档完整性: per outfall what its archive needs and what is missing, with filters and the XLSX. */
export function ArchiveTab() {
  const { t, label } = useI18n();
  const [filter, setFilter] = useState<ArchiveFilter>({ incomplete: true });
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>('localCode');
  const list = useQuery({
    queryKey: ['accountability', 'archive', filter, page, sort],
    queryFn: ({ signal }) => listArchive({ ...filter, limit: PAGE, offset: (page - 1) * PAGE, sort }, signal),
  });
  const exporting = useMutation({ mutationFn: () => exportArchive(filter) });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>
          {t('submissions.archive.onlyIncomplete')}{' '}
          <Switch
            checked={filter.incomplete === true}
            onChange={(on) => {
              setFilter({ ...filter, incomplete: on || undefined });
              setPage(1);
            }}
          />
        </span>
        <Select
          allowClear
          placeholder={t('submissions.archive.missingItem')}
          style={{ width: 200 }}
          value={filter.missing}
          options={Object.values(ArchiveItem).map((i) => ({
            value: i,
            label: label(ARCHIVE_ITEM_LABELS, i),
          }))}
          onChange={(missing: ArchiveItem | undefined) => {
            setFilter({ ...filter, missing });
            setPage(1);
          }}
        />
        <Button loading={exporting.isPending} onClick={() => exporting.mutate()} data-testid="archive-export">
          {t('submissions.archive.export')}
        </Button>
      </Space>
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
      {list.data && (
        <Typography.Paragraph>
          {t('submissions.archive.summary', {
            outfalls: list.data.summary.outfalls,
            complete: list.data.summary.complete,
          })}
        </Typography.Paragraph>
      )}
      {list.error && (
        <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} className="section-alert" />
      )}
      <Table<ArchiveRow>
        rowKey="outfallId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty /> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total, showSizeChanger: false }}
        onChange={pageAndSort(setPage, setSort)}
        columns={[
          { title: t('submissions.archive.code'), dataIndex: 'localCode', ...sortable(sort, 'localCode') },
          { title: t('submissions.archive.name'), dataIndex: 'name' },
          { title: t('submissions.archive.division'), dataIndex: 'division' },
          {
            title: t('submissions.archive.missing'),
            ...sortable(sort, 'missing'),
            render: (_, r) =>
              r.complete ? (
                <Tag color="green">{t('submissions.archive.complete')}</Tag>
              ) : (
                r.missing.map((m) => (
                  <Tag key={m} color="red">
                    {label(ARCHIVE_ITEM_LABELS, m)}
                  </Tag>
                ))
              ),
          },
        ]}
      />
    </>
  );
}
