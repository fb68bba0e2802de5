import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Permission, WaterClass } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { createFunctionZone, listFunctionZones } from './base-data.api';
import type { FunctionZone } from './base-data.types';
import { geometryRule, GeoJsonInput, parseGeometry } from './geojson-field';
import { LayerImportModal } from './layer-import-modal';

const KEYS = ['function-zones'] as const;
const FIELDS = ['name', 'waterBodyId', 'targetClass', 'targetMet', 'geometry'] as const;

interface Values {
  name: string;
  waterBodyId: string;
  targetClass: WaterClass;
  targetMet: 'true' | 'false' | 'unknown';
  geometry?: string;
}

/** 水功能区: stretches of a water body with a target water-quality class. */
export function FunctionZonesTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const lookups = useDirectoryLookups();
  const list = useListState(['waterBodyId'] as const);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const zones = useQuery({
    queryKey: ['function-zones', 'admin', list.query],
    queryFn: ({ signal }) => listFunctionZones(list.query, signal),
    placeholderData: keepPreviousData,
  });
  const writable = can(Permission.LayerWrite);
  const waterOptions = lookups.waterBodies.map((water) => ({
    value: water.id,
    label: `${water.code} ${water.name}`,
  }));
  const classes = Object.values(WaterClass).map((value) => ({
    value,
    label: t('baseData.zone.class', { cls: value }),
  }));
  const metText = (met: boolean | null) =>
    met === true ? (
      <Tag color="green">{t('baseData.zone.met')}</Tag>
    ) : met === false ? (
      <Tag color="red">{t('baseData.zone.notMet')}</Tag>
    ) : (
      <Tag color="gold">{t('baseData.zone.unknown')}</Tag>
    );

  const columns: TableColumnsType<FunctionZone> = [
    {
      title: t('baseData.col.name'),
      dataIndex: 'name',
      ...sortable(list.sort, 'name'),
      render: (name: string, zone) => (
        <>
          {name}
          {zone.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('baseData.zone.water'),
      dataIndex: 'waterBodyId',
      width: 200,
      render: (id: string) => lookups.waterName(id) ?? '—',
    },
    {
      title: t('baseData.zone.targetClass'),
      dataIndex: 'targetClass',
      width: 120,
      ...sortable(list.sort, 'targetClass'),
      render: (cls: WaterClass) => t('baseData.zone.class', { cls }),
    },
    { title: t('baseData.zone.targetMet'), dataIndex: 'targetMet', width: 140, render: metText },
  ];

  return (
    <>
      <div className="page-header">
        <Space className="toolbar" wrap>
          <Select<string>
            allowClear
            showSearch
            optionFilterProp="label"
            className="toolbar-select-wide"
            value={list.filter.waterBodyId}
            placeholder={t('baseData.zone.water')}
            aria-label={t('baseData.zone.water')}
            options={waterOptions}
            onChange={(value) => list.setFilter('waterBodyId', value)}
            data-testid="zone-filter-water"
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
              onClick={() => setCreating(true)}
              data-testid="zone-new"
            >
              {t('baseData.zone.new')}
            </Button>
          </Space>
        )}
      </div>
      {zones.error ? (
        <ApiErrorAlert
          error={zones.error}
          title={t('common.loadError')}
          onRetry={() => void zones.refetch()}
        />
      ) : (
        <Table<FunctionZone>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={zones.data?.items}
          loading={zones.isFetching}
          onChange={list.onChange<FunctionZone>()}
          pagination={list.pagination(zones.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('baseData.zone.empty')} /> }}
          data-testid="zone-table"
        />
      )}
      {creating && (
        <FormModal<Values>
          title={t('baseData.zone.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('baseData.saved')}
          testId="zone-form"
          initialValues={{ targetMet: 'unknown', waterBodyId: list.filter.waterBodyId }}
          save={(values) =>
            createFunctionZone({
              name: values.name.trim(),
              waterBodyId: values.waterBodyId,
              targetClass: values.targetClass,
              targetMet: values.targetMet === 'unknown' ? null : values.targetMet === 'true',
              geometry: parseGeometry(values.geometry),
            })
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
          <Form.Item
            name="waterBodyId"
            label={t('baseData.zone.water')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Select<string> showSearch optionFilterProp="label" options={waterOptions} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item
              name="targetClass"
              label={t('baseData.zone.targetClass')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Select<WaterClass> className="toolbar-select" options={classes} />
            </Form.Item>
            <Form.Item name="targetMet" label={t('baseData.zone.targetMet')}>
              <Select<string>
                className="toolbar-select"
                options={[
                  { value: 'unknown', label: t('baseData.zone.unknown') },
                  { value: 'true', label: t('baseData.zone.met') },
                  { value: 'false', label: t('baseData.zone.notMet') },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item name="geometry" label={t('baseData.geometry.area')} rules={[geometryRule(t)]}>
            <GeoJsonInput />
          </Form.Item>
        </FormModal>
      )}
      {importing && (
        <LayerImportModal
          layer="function_zones"
          title={t('baseData.import.title', { layer: t('baseData.tab.functionZones') })}
          invalidates={KEYS}
          onClose={() => setImporting(false)}
        />
      )}
    </>
  );
}
