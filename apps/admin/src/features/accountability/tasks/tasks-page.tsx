import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Permission,
  TASK_KIND_LABELS,
  TASK_ROLE_LABELS,
  TASK_STATUS_LABELS,
  TaskKind,
  TaskRole,
  TaskStatus,
} from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { useLedgerExport } from '../../jobs/components/ledger-export';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { TaskFormModal } from './task-form-modal';
import { TaskStatusTag } from './task-status-tag';
import { deleteTask, listTasks, queueTaskLedger } from './tasks.api';
import type { TaskFilter, TaskRow, UnitRef } from './tasks.types';
import { useUnitOptions } from './use-unit-options';

const PAGE_SIZE = 20;
const names = (units: UnitRef[]) => units.map((u) => u.name).join('、');

/** The division-of-labour ledger (任务分工台账): tasks with filters, paging, sorting, export and forms. */
export function TasksPage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnitOptions();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<TaskFilter>({ sort: 'deadline' });
  const [editing, setEditing] = useState<TaskRow | 'new' | null>(null);
  const update = (next: Partial<TaskFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const tasks = useQuery({
    queryKey: ['tasks', { page, ...filter }],
    queryFn: ({ signal }) =>
      listTasks({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: deleteTask,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void message.success(t('tasks.deleted'));
    },
  });
  const ledger = useLedgerExport({
    label: t('tasks.export'),
    kinds: [{ kind: 'tasks', label: t('tasks.exportLedger') }] as const,
    start: () => queueTaskLedger(filter),
    testId: 'task-ledger',
  });
  const manage = can(Permission.TaskManage);

  const columns: TableColumnsType<TaskRow> = [
    { title: t('tasks.code'), dataIndex: 'code', width: 120, ...sortable(filter.sort, 'code') },
    {
      title: t('tasks.name'),
      dataIndex: 'title',
      ...sortable(filter.sort, 'title'),
      render: (title: string, task) => (
        <>
          {title}
          {task.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('tasks.kind'),
      dataIndex: 'kind',
      width: 100,
      ...sortable(filter.sort, 'kind'),
      render: (kind: TaskKind) => label(TASK_KIND_LABELS, kind),
    },
    { title: t('tasks.clause'), dataIndex: 'sourceClause', width: 110 },
    { title: t('tasks.lead'), key: 'lead', render: (_, task) => task.lead?.name },
    {
      title: t('tasks.cooperating'),
      key: 'cooperating',
      ellipsis: true,
      render: (_, task) => names(task.cooperating),
    },
    {
      title: t('tasks.responsible'),
      key: 'responsible',
      ellipsis: true,
      render: (_, task) => names(task.responsible),
    },
    { title: t('tasks.deadline'), dataIndex: 'deadline', width: 110, ...sortable(filter.sort, 'deadline') },
    {
      title: t('tasks.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: TaskStatus) => <TaskStatusTag status={status} />,
    },
    ...(manage
      ? [
          {
            title: t('tasks.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, task: TaskRow) => (
              <Space size="small">
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(task)}>
                  {t('tasks.edit')}
                </Button>
                <Popconfirm
                  title={t('tasks.deleteConfirm', { code: task.code })}
                  onConfirm={() => remove.mutate(task.id)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('tasks.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={3}>{t('tasks.title')}</Typography.Title>
        <Space>
          {ledger.button}
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="task-create"
            >
              {t('tasks.create')}
            </Button>
          )}
        </Space>
      </Space>
      {ledger.progress}
      <Space wrap className="filter-bar" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tasks.search')}
          style={{ width: 260 }}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          data-testid="task-search"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('tasks.allUnits')}
          style={{ width: 240 }}
          options={units}
          value={filter.unitId}
          onChange={(unitId?: string) => update({ unitId, role: unitId ? filter.role : undefined })}
          data-testid="task-filter-unit"
        />
        <Select
          allowClear
          placeholder={t('tasks.allRoles')}
          style={{ width: 130 }}
          disabled={!filter.unitId}
          value={filter.role}
          options={Object.values(TaskRole).map((role) => ({
            value: role,
            label: label(TASK_ROLE_LABELS, role),
          }))}
          onChange={(role?: TaskRole) => update({ role })}
        />
        <Select
          allowClear
          placeholder={t('tasks.allStatuses')}
          style={{ width: 120 }}
          value={filter.status}
          options={Object.values(TaskStatus).map((status) => ({
            value: status,
            label: label(TASK_STATUS_LABELS, status),
          }))}
          onChange={(status?: TaskStatus) => update({ status })}
        />
        <Select
          allowClear
          placeholder={t('tasks.allKinds')}
          style={{ width: 130 }}
          value={filter.kind}
          options={Object.values(TaskKind).map((kind) => ({
            value: kind,
            label: label(TASK_KIND_LABELS, kind),
          }))}
          onChange={(kind?: TaskKind) => update({ kind })}
        />
        <Space>
          <Switch
            checked={!!filter.overdue}
            onChange={(on) => update({ overdue: on || undefined })}
            data-testid="task-filter-overdue"
          />
          {t('tasks.overdueOnly')}
        </Space>
      </Space>
      {tasks.error && (
        <ApiErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} className="section-alert" />
      )}
      {remove.error && <ApiErrorAlert error={remove.error} className="section-alert" />}
      <Table<TaskRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tasks.data?.items ?? []}
        loading={tasks.isFetching}
        locale={{ emptyText: <Empty description={t('tasks.empty')} /> }}
        onChange={pageAndSort(setPage, (sort) => update({ sort: sort ?? 'deadline' }))}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: tasks.data?.total ?? 0,
          showSizeChanger: false,
        }}
        rowClassName={(task) => (task.overdue ? 'row-overdue' : '')}
        data-testid="task-table"
      />
      {editing && (
        <TaskFormModal task={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
