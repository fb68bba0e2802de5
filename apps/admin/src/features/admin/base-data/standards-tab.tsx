import { PlusOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { useMemo, useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n, type I18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import {
  createIndicator,
  createStandard,
  deleteIndicator,
  deleteStandard,
  listIndicators,
  listStandards,
  updateIndicator,
  updateStandard,
} from './base-data.api';
import type { DischargeStandard, Indicator, IndicatorInput, StandardInput } from './base-data.types';
import { RowActions } from '../../../shared/ui/row-actions';

const STANDARD_FIELDS = ['id', 'standard', 'grade', 'nameZh', 'overridesId', 'rules'] as const;
const INDICATOR_FIELDS = [
  'code',
  'nameZh',
  'nameEn',
  'unit',
  'decimals',
  'physicalMin',
  'physicalMax',
  'sortOrder',
] as const;
const RULES_EXAMPLE = '[{"indicator":"cod","bound":{"kind":"max","value":50},"source":"表1"}]';

/** The indicator form: the contract's fields, the count of decimals may be cleared (the API's default). */
type IndicatorValues = Omit<IndicatorInput, 'decimals'> & { decimals?: number };

interface StandardValues {
  id: string;
  standard: string;
  grade: string;
  nameZh: string;
  overridesId?: string;
  rules: string;
}

function rulesRule(t: I18n['t']): Rule {
  return {
    validator: (_, text: string | undefined) => {
      try {
        return Array.isArray(JSON.parse(text ?? '')) ? Promise.resolve() : Promise.reject(new Error());
      } catch {
        return Promise.reject(new Error(t('baseData.standard.rulesInvalid')));
      }
    },
  };
}

/** One limit rule as text: `COD ≤ 50 (表1)`. */
function ruleText(rule: unknown, indicatorName: (code: string) => string): string {
  const r = rule as {
    indicator: string;
    bound: { kind: string; value?: number; min?: number; max?: number };
    condition?: unknown;
    source?: string;
  };
  const bound =
    r.bound.kind === 'max'
      ? `≤ ${r.bound.value}`
      : r.bound.kind === 'min'
        ? `≥ ${r.bound.value}`
        : `${r.bound.min} – ${r.bound.max}`;
  return `${indicatorName(r.indicator)} ${bound}${r.condition ? ' *' : ''}${r.source ? `（${r.source}）` : ''}`;
}

/** 排放标准与监测指标: the standards' grades with their limits, and the indicators samples carry. */
export function StandardsTab() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['q', 'origin'] as const);
  const [editing, setEditing] = useState<DischargeStandard | 'new' | null>(null);
  const [editingIndicator, setEditingIndicator] = useState<Indicator | 'new' | null>(null);
  const standards = useQuery({ queryKey: ['standards'], queryFn: ({ signal }) => listStandards(signal) });
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: ({ signal }) => listIndicators(signal) });
  const manage = can(Permission.StandardsManage);
  const invalidate = (key: string) => queryClient.invalidateQueries({ queryKey: [key] });
  const removeStandard = useMutation({
    mutationFn: deleteStandard,
    onSuccess: async () => {
      await invalidate('standards');
      void message.success(t('baseData.deleted'));
    },
  });
  const removeIndicator = useMutation({
    mutationFn: deleteIndicator,
    onSuccess: async () => {
      await invalidate('indicators');
      void message.success(t('baseData.deleted'));
    },
  });
  const indicatorName = (code: string) => {
    const indicator = indicators.data?.find((i) => i.code === code);
    return indicator ? (locale === 'zh-CN' ? indicator.nameZh : indicator.nameEn) : code;
  };
  const rows = useMemo(() => {
    const q = list.filter.q?.toLowerCase();
    return (standards.data ?? []).filter(
      (s) =>
        (!q || `${s.id} ${s.nameZh}`.toLowerCase().includes(q)) &&
        (!list.filter.origin || (list.filter.origin === 'builtin') === s.builtin),
    );
  }, [standards.data, list.filter.q, list.filter.origin]);

  const standardColumns: TableColumnsType<DischargeStandard> = [
    { title: t('baseData.standard.id'), dataIndex: 'id', width: 220 },
    {
      title: t('baseData.standard.name'),
      dataIndex: 'nameZh',
      render: (name: string, s) => (
        <>
          {name}
          {s.overridesId && (
            <Typography.Text type="secondary" className="cell-note">
              {t('baseData.standard.overrides', { id: s.overridesId })}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('baseData.standard.origin'),
      dataIndex: 'builtin',
      width: 120,
      render: (builtin: boolean) =>
        builtin ? (
          <Tag>{t('baseData.standard.builtin')}</Tag>
        ) : (
          <Tag color="blue">{t('baseData.standard.custom')}</Tag>
        ),
    },
    {
      title: t('baseData.standard.rules'),
      key: 'rules',
      render: (_, s) => (
        <Typography.Text className="cell-note">
          {s.rules.map((rule) => ruleText(rule, indicatorName)).join('；')}
        </Typography.Text>
      ),
    },
    ...(manage
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, s: DischargeStandard) =>
              s.builtin ? (
                <Typography.Text type="secondary">{t('baseData.standard.readOnly')}</Typography.Text>
              ) : (
                <RowActions
                  name={s.id}
                  onEdit={() => setEditing(s)}
                  onDelete={() => removeStandard.mutate(s.id)}
                />
              ),
          },
        ]
      : []),
  ];

  const indicatorColumns: TableColumnsType<Indicator> = [
    { title: t('baseData.indicator.code'), dataIndex: 'code', width: 140 },
    { title: t('baseData.indicator.nameZh'), dataIndex: 'nameZh' },
    { title: t('baseData.indicator.nameEn'), dataIndex: 'nameEn' },
    {
      title: t('baseData.indicator.unit'),
      dataIndex: 'unit',
      width: 100,
      render: (unit: string | null) => unit ?? '—',
    },
    { title: t('baseData.indicator.decimals'), dataIndex: 'decimals', width: 90 },
    {
      title: t('baseData.indicator.range'),
      key: 'range',
      width: 140,
      render: (_, i) => `${i.physicalMin ?? '—'} ~ ${i.physicalMax ?? '—'}`,
    },
    {
      title: t('baseData.indicator.required'),
      dataIndex: 'required',
      width: 100,
      render: (required: boolean) =>
        required ? <Tag color="red">{t('baseData.indicator.requiredTag')}</Tag> : '—',
    },
    ...(manage
      ? [
          {
            title: t('baseData.col.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, i: Indicator) => (
              <RowActions
                name={i.nameZh}
                onEdit={() => setEditingIndicator(i)}
                onDelete={i.required ? undefined : () => removeIndicator.mutate(i.code)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Card
        size="small"
        className="section-card"
        title={t('baseData.standard.title')}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="standard-new"
            >
              {t('baseData.standard.new')}
            </Button>
          )
        }
      >
        <Space className="toolbar" wrap>
          <Input.Search
            allowClear
            className="toolbar-search"
            defaultValue={list.filter.q}
            placeholder={t('baseData.filter.q')}
            aria-label={t('baseData.filter.q')}
            onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
          />
          <Select<string>
            allowClear
            className="toolbar-select"
            value={list.filter.origin}
            placeholder={t('baseData.standard.origin')}
            aria-label={t('baseData.standard.origin')}
            options={[
              { value: 'builtin', label: t('baseData.standard.builtin') },
              { value: 'custom', label: t('baseData.standard.custom') },
            ]}
            onChange={(value) => list.setFilter('origin', value)}
          />
        </Space>
        {removeStandard.error && <ApiErrorAlert error={removeStandard.error} className="section-alert" />}
        {standards.error ? (
          <ApiErrorAlert
            error={standards.error}
            title={t('common.loadError')}
            onRetry={() => void standards.refetch()}
          />
        ) : (
          <Table<DischargeStandard>
            rowKey="id"
            size="small"
            columns={standardColumns}
            dataSource={rows}
            loading={standards.isFetching}
            onChange={list.onChange<DischargeStandard>()}
            pagination={list.pagination(rows.length, (total) => t('common.total', { total }))}
            locale={{ emptyText: <Empty description={t('baseData.standard.empty')} /> }}
            data-testid="standard-table"
          />
        )}
      </Card>
      <Card
        size="small"
        className="section-card"
        title={t('baseData.indicator.title')}
        extra={
          manage && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditingIndicator('new')}
              data-testid="indicator-new"
            >
              {t('baseData.indicator.new')}
            </Button>
          )
        }
      >
        {removeIndicator.error && <ApiErrorAlert error={removeIndicator.error} className="section-alert" />}
        {indicators.error ? (
          <ApiErrorAlert
            error={indicators.error}
            title={t('common.loadError')}
            onRetry={() => void indicators.refetch()}
          />
        ) : (
          <Table<Indicator>
            rowKey="code"
            size="small"
            columns={indicatorColumns}
            dataSource={indicators.data}
            loading={indicators.isFetching}
            pagination={false}
            locale={{ emptyText: <Empty description={t('baseData.indicator.empty')} /> }}
            data-testid="indicator-table"
          />
        )}
      </Card>
      {editing && (
        <FormModal<StandardValues>
          width={760}
          title={editing === 'new' ? t('baseData.standard.new') : t('baseData.editOf', { name: editing.id })}
          fields={STANDARD_FIELDS}
          invalidates={['standards']}
          successText={t('baseData.saved')}
          testId="standard-form"
          initialValues={
            editing === 'new'
              ? { rules: RULES_EXAMPLE }
              : {
                  id: editing.id,
                  standard: editing.standard,
                  grade: editing.grade,
                  nameZh: editing.nameZh,
                  overridesId: editing.overridesId ?? undefined,
                  rules: JSON.stringify(editing.rules, null, 2),
                }
          }
          save={(values) => {
            // the form's rule has checked it is an array; the API checks each rule
            const rules = JSON.parse(values.rules) as StandardInput['rules'];
            const body = { nameZh: values.nameZh.trim(), overridesId: values.overridesId, rules };
            return editing === 'new'
              ? createStandard({
                  ...body,
                  id: values.id.trim(),
                  standard: values.standard.trim(),
                  grade: values.grade.trim(),
                })
              : updateStandard(editing.id, { ...body, version: editing.version });
          }}
          onClose={() => setEditing(null)}
        >
          <Space size="middle" wrap>
            <Form.Item
              name="id"
              label={t('baseData.standard.id')}
              extra={t('baseData.standard.idHint')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Input maxLength={64} disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item
              name="standard"
              label={t('baseData.standard.number')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Input maxLength={64} disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item
              name="grade"
              label={t('baseData.standard.grade')}
              rules={[{ required: true, message: t('baseData.required') }]}
            >
              <Input maxLength={16} disabled={editing !== 'new'} />
            </Form.Item>
          </Space>
          <Form.Item
            name="nameZh"
            label={t('baseData.standard.name')}
            rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="overridesId" label={t('baseData.standard.overridesLabel')}>
            <Select<string>
              allowClear
              showSearch
              options={(standards.data ?? [])
                .filter((s) => s.builtin)
                .map((s) => ({ value: s.id, label: `${s.id} ${s.nameZh}` }))}
            />
          </Form.Item>
          <Form.Item
            name="rules"
            label={t('baseData.standard.rules')}
            extra={t('baseData.standard.rulesHint')}
            rules={[rulesRule(t)]}
          >
            <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </FormModal>
      )}
      {editingIndicator && (
        <FormModal<IndicatorValues>
          title={
            editingIndicator === 'new'
              ? t('baseData.indicator.new')
              : t('baseData.editOf', { name: editingIndicator.nameZh })
          }
          fields={INDICATOR_FIELDS}
          invalidates={['indicators']}
          successText={t('baseData.saved')}
          testId="indicator-form"
          initialValues={
            editingIndicator === 'new'
              ? { decimals: 2 }
              : {
                  ...editingIndicator,
                  unit: editingIndicator.unit ?? undefined,
                  physicalMin: editingIndicator.physicalMin ?? undefined,
                  physicalMax: editingIndicator.physicalMax ?? undefined,
                }
          }
          save={(values) => {
            const body = {
              nameZh: values.nameZh.trim(),
              nameEn: values.nameEn.trim(),
              unit: values.unit?.trim() || undefined,
              physicalMin: values.physicalMin ?? undefined,
              physicalMax: values.physicalMax ?? undefined,
              sortOrder: values.sortOrder ?? undefined,
            };
            return editingIndicator === 'new'
              ? // a cleared count of decimals is the API's default, 2
                createIndicator({ ...body, code: values.code.trim(), decimals: values.decimals ?? 2 })
              : updateIndicator(editingIndicator.code, {
                  ...body,
                  decimals: values.decimals ?? undefined,
                  version: editingIndicator.version,
                });
          }}
          onClose={() => setEditingIndicator(null)}
        >
          <Form.Item
            name="code"
            label={t('baseData.indicator.code')}
            extra={t('baseData.indicator.codeHint')}
            rules={[{ required: true, message: t('baseData.required') }]}
          >
            <Input maxLength={32} disabled={editingIndicator !== 'new'} />
          </Form.Item>
          <Space size="middle" wrap>
            <Form.Item
              name="nameZh"
              label={t('baseData.indicator.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item
              name="nameEn"
              label={t('baseData.indicator.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('baseData.required') }]}
            >
              <Input maxLength={80} />
            </Form.Item>
            <Form.Item name="unit" label={t('baseData.indicator.unit')}>
              <Input maxLength={16} />
            </Form.Item>
          </Space>
          <Space size="middle" wrap>
            <Form.Item name="decimals" label={t('baseData.indicator.decimals')}>
              <InputNumber min={0} max={6} precision={0} />
            </Form.Item>
            <Form.Item name="physicalMin" label={t('baseData.indicator.physicalMin')}>
              <InputNumber />
            </Form.Item>
            <Form.Item name="physicalMax" label={t('baseData.indicator.physicalMax')}>
              <InputNumber />
            </Form.Item>
            <Form.Item name="sortOrder" label={t('baseData.indicator.sortOrder')}>
              <InputNumber min={0} max={999} precision={0} />
            </Form.Item>
          </Space>
        </FormModal>
      )}
    </>
  );
}
