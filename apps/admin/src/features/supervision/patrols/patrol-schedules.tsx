import { OUTFALL_CATEGORY_LABELS, Permission, type OutfallCategory } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  listSchedules,
  overdueByUnit,
  removeScheduleOverride,
  setScheduleOverride,
  type OverdueByUnit,
  type PatrolSchedule,
  type ScheduleFilter,
} from './patrols.api';

const PAGE_SIZE = 20;

/** The due day with its overdue state, shared by the table and the outfall drawer. */
export function DueTag({ schedule }: { schedule: PatrolSchedule }) {
  const { t } = useI18n();
  return schedule.overdue ? (
    <Tag color="red" data-testid="patrol-overdue">
      {schedule.nextDueOn} · {t('patrols.overdueDays', { n: schedule.daysOverdue })}
    </Tag>
  ) : (
    <Tag color="green">
      {schedule.nextDueOn} · {t('patrols.onTime')}
    </Tag>
  );
}

/** Overdue outfalls per responsible unit, then every outfall's schedule (filterable, sortable, paged). */
export function PatrolSchedules() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const [filter, setFilter] = useState<ScheduleFilter>({});
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>('-daysOverdue');
  const [editing, setEditing] = useState<PatrolSchedule | null>(null);
  const groups = useQuery({
    queryKey: ['patrols', 'overdue'],
    queryFn: ({ signal }) => overdueByUnit(signal),
  });
  const schedules = useQuery({
    queryKey: ['patrols', 'schedules', filter, page, sort],
    queryFn: ({ signal }) =>
      listSchedules({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort }, signal),
  });
  const show = (next: ScheduleFilter) => {
    setFilter(next);
    setPage(1);
  };
  return (
    <>
      <Typography.Title level={5}>{t('patrols.overdueByUnit')}</Typography.Title>
      {groups.error ? (
        <ApiErrorAlert
          error={groups.error}
          title={t('common.loadError')}
          onRetry={() => void groups.refetch()}
        />
      ) : (
        <Table<OverdueByUnit>
          rowKey={(g) => g.unitId ?? 'none'}
          size="small"
          loading={groups.isFetching}
          dataSource={groups.data}
          pagination={false}
          locale={{ emptyText: <Empty description={t('patrols.noOverdue')} /> }}
          columns={[
            {
              title: t('patrols.col.unit'),
              dataIndex: 'unitName',
              render: (name: string | null, g) => (
                <Typography.Link onClick={() => show({ unitId: g.unitId ?? undefined, overdue: true })}>
                  {name ?? t('patrols.noUnit')}
                </Typography.Link>
              ),
            },
            { title: t('patrols.col.outfalls'), dataIndex: 'outfalls', width: 140 },
            {
              title: t('patrols.col.overdueCount'),
              dataIndex: 'overdue',
              width: 140,
              render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
            },
          ]}
          data-testid="patrol-overdue-table"
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('patrols.schedules')}
      </Typography.Title>
      <div className="toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            className="toolbar-search"
            placeholder={t('patrols.filter.outfall')}
            onSearch={(q) => show({ ...filter, q: q || undefined })}
            data-testid="schedule-search"
          />
          <Select<OutfallCategory>
            className="toolbar-select"
            allowClear
            placeholder={t('patrols.rules.category')}
            value={filter.category}
            onChange={(category) => show({ ...filter, category })}
            options={Object.entries(OUTFALL_CATEGORY_LABELS).map(([value]) => ({
              value: value as OutfallCategory,
              label: label(OUTFALL_CATEGORY_LABELS, value as OutfallCategory),
            }))}
          />
          <Select
            className="toolbar-select"
            value={filter.overdue === undefined ? 'any' : filter.overdue ? 'yes' : 'no'}
            onChange={(v) => show({ ...filter, overdue: v === 'any' ? undefined : v === 'yes' })}
            options={['any', 'yes', 'no'].map((v) => ({
              value: v,
              label: `${t('patrols.filter.overdue')}：${t(`patrols.filter.${v as 'any' | 'yes' | 'no'}`)}`,
            }))}
            data-testid="schedule-filter-overdue"
          />
          <Button onClick={() => show({})}>{t('patrols.filter.reset')}</Button>
        </Space>
      </div>
      {schedules.error ? (
        <ApiErrorAlert
          error={schedules.error}
          title={t('common.loadError')}
          onRetry={() => void schedules.refetch()}
        />
      ) : (
        <Table<PatrolSchedule>
          rowKey="outfallId"
          size="middle"
          loading={schedules.isFetching}
          dataSource={schedules.data?.items}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: schedules.data?.total ?? 0,
            showSizeChanger: false,
          }}
          onChange={pageAndSort(setPage, (next) => {
            setSort(next);
            setPage(1);
          })}
          onRow={(row) => ({ 'data-testid': `schedule-row-${row.localCode}` }) as never}
          columns={[
            {
              title: t('patrols.col.outfall'),
              dataIndex: 'localCode',
              ...sortable(sort, 'localCode'),
              render: (code: string, row) => (
                <Space direction="vertical" size={0}>
                  <span>{code}</span>
                  <Typography.Text type="secondary">
                    {row.name} · {label(OUTFALL_CATEGORY_LABELS, row.category)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('patrols.col.unit'), dataIndex: 'unitName', ...sortable(sort, 'unitName') },
            {
              title: t('patrols.col.interval'),
              dataIndex: 'intervalDays',
              ...sortable(sort, 'intervalDays'),
              render: (n: number, row) => (
                <Space size={4}>
                  {t('patrols.days', { n })}
                  {row.overrideDays !== null && (
                    <Tag title={row.overrideReason ?? ''}>{t('patrols.overridden')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('patrols.col.lastPatrol'),
              dataIndex: 'lastPatrolDay',
              ...sortable(sort, 'lastPatrolDay'),
              render: (day: string | null) =>
                day ?? <Typography.Text type="secondary">{t('patrols.never')}</Typography.Text>,
            },
            {
              title: t('patrols.col.nextDue'),
              ...sortable(sort, 'daysOverdue'),
              render: (_: unknown, row) => <DueTag schedule={row} />,
            },
            ...(can(Permission.SupervisionConfigure)
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 110,
                    render: (_: unknown, row: PatrolSchedule) => (
                      <Button size="small" onClick={() => setEditing(row)} data-testid="schedule-override">
                        {t('patrols.override')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
          data-testid="schedule-table"
        />
      )}
      {editing && <OverrideModal schedule={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

const OVERRIDE_FIELDS = ['intervalDays', 'reason'] as const;

function OverrideModal({ schedule, onClose }: { schedule: PatrolSchedule; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ intervalDays: number; reason: string }>();
  const queryClient = useQueryClient();
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: ['patrols'] });
    void message.success(t('patrols.saved'));
    onClose();
  };
  const save = useMutation({
    mutationFn: (values: { intervalDays: number; reason: string }) =>
      setScheduleOverride(schedule.outfallId, values),
    onSuccess: done,
    onError: (error) => placeFieldErrors(form, error, OVERRIDE_FIELDS, i18n),
  });
  const remove = useMutation({
    mutationFn: () => removeScheduleOverride(schedule.outfallId),
    onSuccess: done,
  });
  return (
    <Modal
      open
      title={t('patrols.overrideTitle', { code: schedule.localCode })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'override-ok' } as never}
      footer={(origin) => (
        <>
          {schedule.overrideDays !== null && (
            <Button onClick={() => remove.mutate()} loading={remove.isPending}>
              {t('patrols.overrideRemove')}
            </Button>
          )}
          {origin}
        </>
      )}
      destroyOnHidden
    >
      {(remove.error || (save.error && !form.getFieldsError().some((f) => f.errors.length))) && (
        <ApiErrorAlert error={remove.error ?? save.error} className="form-alert" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ intervalDays: schedule.intervalDays, reason: schedule.overrideReason ?? '' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="intervalDays" label={t('patrols.rules.interval')} rules={[{ required: true }]}>
          <InputNumber min={1} max={366} style={{ width: '100%' }} data-testid="override-days" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('patrols.overrideReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('patrols.form.required', { field: t('patrols.overrideReason') }),
            },
          ]}
        >
          <Input maxLength={200} data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
