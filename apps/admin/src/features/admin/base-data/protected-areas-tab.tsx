import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Permission, PROTECTED_AREA_KIND_LABELS, ProtectedAreaKind } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import {
  createProtectedArea,
  deleteProtectedArea,
  listProtectedAreas,
  updateProtectedArea,
} from './base-data.api';
import type { ProtectedArea } from './base-data.types';
import { oneOf } from '../../../shared/utils/url-filter.util';
import { geometryRule, GeoJsonInput, parseGeometry } from './geojson-field';
import { LayerImportModal } from './layer-import-modal';
import { RowActions } from '../../../shared/ui/row-actions';

const KEYS = ['protected-areas'] as const;
const FIELDS = ['kind', 'name', 'designatedOn', 'geometry'] as const;

interface Values {
  kind: ProtectedAreaKind;
  name: string;
  designatedOn?: Dayjs;
  geometry?: string;
}

/** 保护区: drinking-water source protection zones and other areas where new outfalls are banned. */
export function ProtectedAreasTab() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['kind'] as const);
  const [editing, setEditing] = useState<ProtectedArea | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const areas = useQuery({
    queryKey: ['protected-areas', 'admin', list.query],
    queryFn: ({ signal }) =>
      listProtectedAreas({ ...list.query, kind: oneOf(ProtectedAreaKind, list.filter.kind) }, signal),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: deleteProtectedArea,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['protected-areas'] });
      void message.success(t('baseData.deleted'));
    },
  });
  const writable = can(Permission.LayerWrite);
  const kinds = Object.values(ProtectedAreaKind).map((value) => ({
    value,
    label: label(PROTECTED_AREA_KIND_LABELS, value),
  }));

  const columns: TableColumnsType<ProtectedArea> = [
    {
      title: t('baseData.col.name'),
      dataIndex: 'name',
      ...sortable(list.sort, 'name'),
      render: (name: string, area) => (
        <>
          {name}
          {area.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('baseData.area.kind'),
      dataIndex: 'kind',
      width: 200,
      ...sortable(list.sort, 'kind'),
      render: (kind: ProtectedAreaKind) => label(PROTECTED_AREA_KIND_LABELS, kind),
    },
    {
      title: t('baseData.area.designatedOn'),
      dataIndex: 'designatedOn',
      width: 140,
      ...sortable(list.sort, 'designatedOn'),
      render: (day: string | null) => day ?? '—',
    },
    ...(writable
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, area: ProtectedArea) => (
              <RowActions
                name={area.name}
                onEdit={() => setEditing(area)}
                onDelete={() => remove.mutate(area.id)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="page-header">
        <Space className="toolbar" wrap>
          <Select<ProtectedAreaKind>
            allowClear
            className="toolbar-select-wide"
            value={list.filter.kind as ProtectedAreaKind | undefined}
            placeholder={t('baseData.area.kind')}
            aria-label={t('baseData.area.kind')}
            options={kinds}
            onChange={(value) => list.setFilter('kind', value)}
          />
        </Space>
        {writable && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('baseData.import.button')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="area-new"
            >
              {t('baseData.area.new')}
            </Button>
          </Space>
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
        <Table<ProtectedArea>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={areas.data?.items}
          loading={areas.isFetching}
          onChange={list.onChange<ProtectedArea>()}
          pagination={list.pagination(areas.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('baseData.area.empty')} /> }}
          data-testid="area-table"
        />
      )}
      {editing && (
        <FormModal<Values>
          title={editing === 'new' ? t('baseData.area.new') : t('baseData.editOf', { name: editing.name })}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('baseData.saved')}
          testId="area-form"
          initialValues={
            editing === 'new'
              ? {}
              : {
                  kind: editing.kind,
                  name: editing.name,
                  designatedOn: editing.designatedOn ? dayjs(editing.designatedOn) : undefined,
                }
          }
          save={(values) => {
            const body = {
              name: values.name.trim(),
              designatedOn: values.designatedOn?.format('YYYY-MM-DD'),
              geometry: parseGeometry(values.geometry),
            };
            return editing === 'new'
              ? // the form requires the geometry of a new area
                createProtectedArea({ ...body, kind: values.kind, geometry: body.geometry ?? {} })
              : updateProtectedArea(editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)}
        >
          <Form.Item
            name="kind"
            label={t('baseData.area.kind')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Select<ProtectedAreaKind> options={kinds} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('baseData.col.name')}
            rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="designatedOn" label={t('baseData.area.designatedOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="geometry"
            label={t('baseData.geometry.area')}
            extra={editing !== 'new' ? t('baseData.geometry.keep') : undefined}
            rules={[geometryRule(t, editing === 'new')]}
          >
            <GeoJsonInput />
          </Form.Item>
        </FormModal>
      )}
      {importing && (
        <LayerImportModal
          layer="protected_areas"
          title={t('baseData.import.title', { layer: t('baseData.tab.protectedAreas') })}
          invalidates={KEYS}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}
