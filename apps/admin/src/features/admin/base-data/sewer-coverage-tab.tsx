import { PlusOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { createSewerCoverage, deleteSewerCoverage, listSewerCoverage } from './base-data.api';
import type { SewerCoverageArea } from './base-data.types';
import { geometryRule, GeoJsonInput, parseGeometry } from './geojson-field';
import { RowActions } from '../../../shared/ui/row-actions';

const KEYS = ['sewer-coverage'] as const;
const FIELDS = ['name', 'geometry'] as const;

/** The polygon's vertex count, to tell areas apart without a map. */
function vertexCount(geometry: Record<string, unknown>): number {
  const count = (value: unknown): number =>
    Array.isArray(value)
      ? typeof value[0] === 'number'
        ? 1
        : value.reduce((sum: number, v) => sum + count(v), 0)
      : 0;
  return count(geometry['coordinates']);
}

/** 污水管网覆盖范围: domestic outfalls inside are suggested to merge into the network. */
export function SewerCoverageTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['q'] as const);
  const [creating, setCreating] = useState(false);
  const areas = useQuery({
    queryKey: ['sewer-coverage'],
    queryFn: ({ signal }) => listSewerCoverage(signal),
  });
  const remove = useMutation({
    mutationFn: deleteSewerCoverage,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sewer-coverage'] });
      void message.success(t('baseData.deleted'));
    },
  });
  const writable = can(Permission.LayerWrite);
  // the API answers the whole (small) layer: filter, sort and page here
  const rows = useMemo(() => {
    const q = list.filter.q?.toLowerCase();
    const items = (areas.data ?? []).filter((area) => !q || area.name.toLowerCase().includes(q));
    return list.sort === '-name' ? [...items].reverse() : items;
  }, [areas.data, list.filter.q, list.sort]);

  const columns: TableColumnsType<SewerCoverageArea> = [
    {
      title: t('baseData.col.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: list.sort === '-name' ? 'descend' : list.sort === 'name' ? 'ascend' : null,
    },
    {
      title: t('baseData.sewer.geometry'),
      key: 'geometry',
      width: 220,
      render: (_, area) => (
        <Typography.Text type="secondary">
          {String(area.geometry['type'])} ·{' '}
          {t('baseData.sewer.vertices', { count: vertexCount(area.geometry) })}
        </Typography.Text>
      ),
    },
    ...(writable
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, area: SewerCoverageArea) => (
              <RowActions name={area.name} onDelete={() => remove.mutate(area.id)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="page-header">
        <Space className="toolbar" wrap>
          <Input.Search
            allowClear
            className="toolbar-search"
            defaultValue={list.filter.q}
            placeholder={t('baseData.col.name')}
            aria-label={t('baseData.col.name')}
            onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
          />
        </Space>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('baseData.sewer.new')}
          </Button>
        )}
      </div>
      {remove.error && <ApiErrorAlert error={remove.error} className="section-alert" />}
      {areas.error ? (
        <ApiErrorAlert
          error={areas.error}
          title={t('common.loadError')}
          onRetry={() => void areas.refetch()}
        />
      ) : (
        <Table<SewerCoverageArea>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={areas.isFetching}
          onChange={list.onChange<SewerCoverageArea>()}
          pagination={list.pagination(rows.length, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('baseData.sewer.empty')} /> }}
          data-testid="sewer-table"
        />
      )}
      {creating && (
        <FormModal<{ name: string; geometry: string }>
          title={t('baseData.sewer.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('baseData.saved')}
          testId="sewer-form"
          save={(values) =>
            createSewerCoverage({ name: values.name.trim(), geometry: parseGeometry(values.geometry) ?? {} })
          }
          onClose={() => setCreating(false)}
        >
          <Form.Item
            name="name"
            label={t('baseData.col.name')}
            rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="geometry" label={t('baseData.geometry.area')} rules={[geometryRule(t, true)]}>
            <GeoJsonInput />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
