import { Permission, UNIT_KIND_LABELS, UnitKind, type Page } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Input, message, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../api/auth';
import { api, query } from '../api/client';
import type { UnitRow } from '../api/types';
import { LiaisonModal } from '../components/liaison-modal';
import { LoadError } from '../components/load-error';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;

export function UnitsPage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<UnitKind | undefined>();
  const [editing, setEditing] = useState<UnitRow | null>(null);
  const units = useQuery({
    queryKey: ['units', page, q, kind],
    queryFn: () =>
      api<Page<UnitRow>>(
        'GET',
        `/api/v1/units${query({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'name', q, kind })}`,
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Typography.Title level={3}>{t('units.title')}</Typography.Title>
      <Space className="toolbar" wrap>
        <Input.Search
          allowClear
          placeholder={t('units.search')}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="units-search"
        />
        <Select<UnitKind>
          allowClear
          placeholder={t('units.allKinds')}
          style={{ width: 220 }}
          value={kind}
          onChange={(value) => {
            setKind(value);
            setPage(1);
          }}
          options={Object.values(UnitKind).map((value) => ({ value, label: label(UNIT_KIND_LABELS, value) }))}
        />
      </Space>
      {units.error ? (
        <LoadError error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <Table<UnitRow>
          rowKey="id"
          data-testid="units-table"
          loading={units.isFetching}
          dataSource={units.data?.items}
          locale={{ emptyText: <Empty description={t('units.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: units.data?.total,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          columns={[
            {
              title: t('units.name'),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Space>
                  {name}
                  {row.demo && <Tag color="orange">{t('app.demo')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('units.kind'),
              dataIndex: 'kind',
              render: (value: UnitKind) => label(UNIT_KIND_LABELS, value),
            },
            { title: t('units.division'), render: (_, row) => row.division?.name ?? '' },
            {
              title: t('units.liaison'),
              render: (_, row) =>
                row.liaison ? (
                  <span data-testid="liaison">{`${row.liaison.name} · ${row.liaison.position} · ${row.liaison.phone}`}</span>
                ) : (
                  <Typography.Text type="secondary">{t('units.none')}</Typography.Text>
                ),
            },
            ...(can(Permission.UnitLiaisonWrite)
              ? [
                  {
                    title: '',
                    width: 120,
                    render: (_: unknown, row: UnitRow) => (
                      <Button size="small" onClick={() => setEditing(row)}>
                        {t('units.editLiaison')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && (
        <LiaisonModal
          unit={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('units.saved'));
            void units.refetch();
          }}
        />
      )}
    </>
  );
}
