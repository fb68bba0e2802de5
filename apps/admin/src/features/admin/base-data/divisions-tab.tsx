import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { DIVISION_LEVEL_LABELS, DivisionLevel, Permission } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { createDivision, deleteDivision, listDivisions, updateDivision } from './base-data.api';
import type { Division } from './base-data.types';
import { oneOf } from '../../../shared/utils/url-filter.util';
import { LayerImportModal } from './layer-import-modal';
import { RowActions } from '../../../shared/ui/row-actions';

const KEYS = ['divisions'] as const;
const FIELDS = ['code', 'name', 'level', 'parentId'] as const;

interface Values {
  code: string;
  name: string;
  level: DivisionLevel;
  parentId?: string;
}

/** 行政区划: the city, its counties and townships; boundaries decide an outfall's township. */
export function DivisionsTab() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['q', 'level'] as const);
  const [editing, setEditing] = useState<Division | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const divisions = useQuery({
    queryKey: ['divisions', 'admin', list.query],
    queryFn: ({ signal }) =>
      listDivisions({ ...list.query, level: oneOf(DivisionLevel, list.filter.level) }, signal),
    placeholderData: keepPreviousData,
  });
  // parents for the form: the city's divisions fit in one page
  const parents = useQuery({
    queryKey: ['divisions', 'parents'],
    queryFn: ({ signal }) => listDivisions({ limit: 200, sort: 'code' }, signal),
    enabled: editing === 'new',
  });
  const remove = useMutation({
    mutationFn: deleteDivision,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['divisions'] });
      void message.success(t('baseData.deleted'));
    },
  });
  const writable = can(Permission.OrgWrite);
  const levels = Object.values(DivisionLevel).map((value) => ({
    value,
    label: label(DIVISION_LEVEL_LABELS, value),
  }));

  const columns: TableColumnsType<Division> = [
    { title: t('baseData.division.code'), dataIndex: 'code', width: 160, ...sortable(list.sort, 'code') },
    {
      title: t('baseData.col.name'),
      dataIndex: 'name',
      ...sortable(list.sort, 'name'),
      render: (name: string, division) => (
        <>
          {name}
          {division.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('baseData.col.level'),
      dataIndex: 'level',
      width: 140,
      ...sortable(list.sort, 'level'),
      render: (level: DivisionLevel) => label(DIVISION_LEVEL_LABELS, level),
    },
    ...(writable
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, division: Division) => (
              <RowActions
                name={division.name}
                onEdit={() => setEditing(division)}
                onDelete={() => remove.mutate(division.id)}
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
          <Input.Search
            allowClear
            className="toolbar-search"
            defaultValue={list.filter.q}
            placeholder={t('baseData.filter.q')}
            aria-label={t('baseData.filter.q')}
            onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
          />
          <Select<DivisionLevel>
            allowClear
            className="toolbar-select"
            value={list.filter.level as DivisionLevel | undefined}
            placeholder={t('baseData.col.level')}
            aria-label={t('baseData.col.level')}
            options={levels}
            onChange={(value) => list.setFilter('level', value)}
          />
        </Space>
        {writable && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('baseData.division.importBoundaries')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('baseData.division.new')}
            </Button>
          </Space>
        )}
      </div>
      {remove.error && <ApiErrorAlert error={remove.error} className="section-alert" />}
      {divisions.error ? (
        <ApiErrorAlert
          error={divisions.error}
          title={t('common.loadError')}
          onRetry={() => void divisions.refetch()}
        />
      ) : (
        <Table<Division>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={divisions.data?.items}
          loading={divisions.isFetching}
          onChange={list.onChange<Division>()}
          pagination={list.pagination(divisions.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('baseData.division.empty')} /> }}
          data-testid="division-table"
        />
      )}
      {editing && (
        <FormModal<Values>
          title={
            editing === 'new' ? t('baseData.division.new') : t('baseData.editOf', { name: editing.name })
          }
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('baseData.saved')}
          testId="division-form"
          initialValues={
            editing === 'new' ? {} : { code: editing.code, name: editing.name, level: editing.level }
          }
          save={(values) =>
            editing === 'new'
              ? createDivision({
                  code: values.code.trim(),
                  name: values.name.trim(),
                  level: values.level,
                  parentId: values.parentId,
                })
              : updateDivision(editing.id, { name: values.name.trim(), version: editing.version })
          }
          onClose={() => setEditing(null)}
        >
          <Form.Item
            name="code"
            label={t('baseData.division.code')}
            extra={t('baseData.division.codeHint')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Input maxLength={12} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('baseData.col.name')}
            rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('baseData.col.level')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Select<DivisionLevel> options={levels} disabled={editing !== 'new'} />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="parentId" label={t('baseData.division.parent')}>
              <Select<string>
                allowClear
                showSearch
                optionFilterProp="label"
                loading={parents.isFetching}
                options={(parents.data?.items ?? []).map((division) => ({
                  value: division.id,
                  label: `${division.code} ${division.name}`,
                }))}
              />
            </Form.Item>
          )}
        </FormModal>
      )}
      {importing && (
        <LayerImportModal
          layer="divisions"
          title={t('baseData.division.importBoundaries')}
          invalidates={KEYS}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}
