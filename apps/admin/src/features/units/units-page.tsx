import { EditOutlined, ProfileOutlined } from '@ant-design/icons';
import { Permission, Role, UNIT_KIND_LABELS, type UnitKind } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../api/auth-context';
import type { UnitFilter, UnitRow } from './types';
import { listUnits } from './api';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { DemoTag } from '../../shared/ui/demo-tag';
import { LiaisonCell } from './components/liaison-cell';
import { LiaisonModal } from './components/liaison-modal';
import { UnitsFilterBar } from './components/units-filter-bar';
import { useI18n } from '../../i18n/i18n-context';
import { UnitTasksDrawer } from '../accountability/tasks/unit-tasks-drawer';

const PAGE_SIZE = 20;

export function UnitsPage() {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<UnitFilter>({});
  const [editing, setEditing] = useState<UnitRow | null>(null);
  const [tasksOf, setTasksOf] = useState<UnitRow | null>(null);
  const units = useQuery({
    queryKey: ['units', { page, ...filter }],
    queryFn: ({ signal }) =>
      listUnits({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, ...filter }, signal),
    placeholderData: keepPreviousData,
  });

  // the API lets a non-administrator set only their own unit's liaison; offer the button where it will work
  const mayEdit = (unit: UnitRow) =>
    can(Permission.UnitLiaisonWrite) && (me?.role === Role.SystemAdmin || me?.unit.id === unit.id);

  const columns: TableColumnsType<UnitRow> = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      render: (name: string, unit) => (
        <>
          {name}
          {unit.demo && <DemoTag compact />}
        </>
      ),
    },
    { title: t('units.kind'), dataIndex: 'kind', render: (kind: UnitKind) => label(UNIT_KIND_LABELS, kind) },
    { title: t('units.division'), key: 'division', render: (_, unit) => unit.division?.name },
    {
      title: t('units.liaison'),
      key: 'liaison',
      render: (_, unit) => <LiaisonCell liaison={unit.liaison} />,
    },
    {
      title: t('units.actions'),
      key: 'actions',
      width: 240,
      render: (_, unit) => (
        <Space size="small">
          <Button
            size="small"
            icon={<ProfileOutlined />}
            onClick={() => setTasksOf(unit)}
            data-testid="unit-tasks"
          >
            {t('tasks.unitTasks')}
          </Button>
          {mayEdit(unit) && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(unit)}
              data-testid="edit-liaison"
            >
              {t('units.editLiaison')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('units.title')}</Typography.Title>
      <UnitsFilterBar
        filter={filter}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
      />
      {units.error ? (
        <ApiErrorAlert
          error={units.error}
          title={t('common.loadError')}
          onRetry={() => void units.refetch()}
        />
      ) : (
        <Table<UnitRow>
          rowKey="id"
          columns={columns}
          dataSource={units.data?.items}
          loading={units.isFetching}
          locale={{ emptyText: <Empty description={t('units.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: units.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          data-testid="units-table"
        />
      )}
      {tasksOf && <UnitTasksDrawer unit={tasksOf} onClose={() => setTasksOf(null)} />}
      {editing && (
        <LiaisonModal
          unit={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('units.saved'));
          }}
        />
      )}
    </>
  );
}
