import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Permission,
  WATER_KIND_LABELS,
  WATER_LEVEL_LABELS,
  WaterKind,
  WaterLevel,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Empty, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { createWaterBody, listWaterBodies, updateWaterBody } from './base-data.api';
import type { WaterBody } from './base-data.types';
import { flag, oneOf } from '../../../shared/utils/url-filter.util';
import { geometryRule, GeoJsonInput, parseGeometry } from './geojson-field';
import { LayerImportModal } from './layer-import-modal';
import { RowActions } from '../../../shared/ui/row-actions';

const KEYS = ['water-bodies'] as const;
const FIELDS = ['code', 'name', 'kind', 'level', 'isKey', 'centerline', 'shoreline'] as const;

interface Values {
  code: string;
  name: string;
  kind: WaterKind;
  level: WaterLevel;
  isKey?: boolean;
  centerline?: string;
  shoreline?: string;
}

/** 水体: rivers, lakes, reservoirs and canals every outfall discharges into. */
export function WaterBodiesTab() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const list = useListState(['q', 'kind', 'isKey'] as const);
  const [editing, setEditing] = useState<WaterBody | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const waters = useQuery({
    queryKey: ['water-bodies', 'admin', list.query],
    queryFn: ({ signal }) =>
      listWaterBodies(
        { ...list.query, kind: oneOf(WaterKind, list.filter.kind), isKey: flag(list.filter.isKey) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const writable = can(Permission.LayerWrite);
  const kinds = Object.values(WaterKind).map((value) => ({ value, label: label(WATER_KIND_LABELS, value) }));
  const levels = Object.values(WaterLevel).map((value) => ({
    value,
    label: label(WATER_LEVEL_LABELS, value),
  }));

  const columns: TableColumnsType<WaterBody> = [
    { title: t('baseData.col.code'), dataIndex: 'code', width: 120, ...sortable(list.sort, 'code') },
    {
      title: t('baseData.col.name'),
      dataIndex: 'name',
      ...sortable(list.sort, 'name'),
      render: (name: string, water) => (
        <>
          {name}
          {water.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('baseData.col.waterKind'),
      dataIndex: 'kind',
      width: 120,
      render: (kind: WaterKind) => label(WATER_KIND_LABELS, kind),
    },
    {
      title: t('baseData.col.level'),
      dataIndex: 'level',
      width: 140,
      ...sortable(list.sort, 'level'),
      render: (level: WaterLevel) => label(WATER_LEVEL_LABELS, level),
    },
    {
      title: t('baseData.col.isKey'),
      dataIndex: 'isKey',
      width: 100,
      render: (isKey: boolean) => (isKey ? <Tag color="blue">{t('baseData.keyRiver')}</Tag> : '—'),
    },
    ...(writable
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, water: WaterBody) => (
              <RowActions name={water.name} onEdit={() => setEditing(water)} editTestId="water-edit" />
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
            placeholder={t('baseData.filter.q')}
            aria-label={t('baseData.filter.q')}
            onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
            data-testid="water-filter-q"
          />
          <Select<WaterKind>
            allowClear
            className="toolbar-select"
            value={list.filter.kind as WaterKind | undefined}
            placeholder={t('baseData.col.waterKind')}
            aria-label={t('baseData.col.waterKind')}
            options={kinds}
            onChange={(value) => list.setFilter('kind', value)}
            data-testid="water-filter-kind"
          />
          <Select<string>
            allowClear
            className="toolbar-select"
            value={list.filter.isKey}
            placeholder={t('baseData.col.isKey')}
            aria-label={t('baseData.col.isKey')}
            options={[
              { value: 'true', label: t('baseData.keyRiver') },
              { value: 'false', label: t('baseData.notKey') },
            ]}
            onChange={(value) => list.setFilter('isKey', value)}
          />
        </Space>
        {writable && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="water-import">
              {t('baseData.import.button')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="water-new"
            >
              {t('baseData.water.new')}
            </Button>
          </Space>
        )}
      </div>
      {waters.error ? (
        <ApiErrorAlert
          error={waters.error}
          title={t('common.loadError')}
          onRetry={() => void waters.refetch()}
        />
      ) : (
        <Table<WaterBody>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={waters.data?.items}
          loading={waters.isFetching}
          onChange={list.onChange<WaterBody>()}
          pagination={list.pagination(waters.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('baseData.water.empty')} /> }}
          data-testid="water-table"
        />
      )}
      {editing && (
        <FormModal<Values>
          title={editing === 'new' ? t('baseData.water.new') : t('baseData.editOf', { name: editing.name })}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('baseData.saved')}
          testId="water-form"
          initialValues={
            editing === 'new'
              ? { isKey: false }
              : {
                  code: editing.code,
                  name: editing.name,
                  kind: editing.kind,
                  level: editing.level,
                  isKey: editing.isKey,
                }
          }
          save={(values) => {
            const body = {
              name: values.name.trim(),
              kind: values.kind,
              level: values.level,
              isKey: values.isKey ?? false,
              centerline: parseGeometry(values.centerline),
              shoreline: parseGeometry(values.shoreline),
            };
            return editing === 'new'
              ? createWaterBody({ ...body, code: values.code.trim().toUpperCase() })
              : updateWaterBody(editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)}
        >
          <Form.Item
            name="code"
            label={t('baseData.col.code')}
            extra={t('baseData.water.codeHint')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Input maxLength={16} disabled={editing !== 'new'} data-testid="water-form-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('baseData.col.name')}
            rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
          >
            <Input maxLength={64} data-testid="water-form-name" />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item
              name="kind"
              label={t('baseData.col.waterKind')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Select<WaterKind> className="toolbar-select" options={kinds} data-testid="water-form-kind" />
            </Form.Item>
            <Form.Item
              name="level"
              label={t('baseData.col.level')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Select<WaterLevel>
                className="toolbar-select"
                options={levels}
                data-testid="water-form-level"
              />
            </Form.Item>
            <Form.Item name="isKey" valuePropName="checked" label={t('baseData.col.isKey')}>
              <Checkbox>{t('baseData.keyRiver')}</Checkbox>
            </Form.Item>
          </Space>
          <Form.Item name="centerline" label={t('baseData.water.centerline')} rules={[geometryRule(t)]}>
            <GeoJsonInput />
          </Form.Item>
          <Form.Item name="shoreline" label={t('baseData.water.shoreline')} rules={[geometryRule(t)]}>
            <GeoJsonInput />
          </Form.Item>
        </FormModal>
      )}
      {importing && (
        <LayerImportModal
          layer="water_bodies"
          title={t('baseData.import.title', { layer: t('baseData.tab.waterBodies') })}
          invalidates={KEYS}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}
