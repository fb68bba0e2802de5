import { TASK_ROLE_LABELS, TaskRole } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Badge, Drawer, Empty, List, Skeleton, Tabs, Typography } from 'antd';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { TaskStatusTag } from './task-status-tag';
import { getUnitTasks } from './tasks.api';

/** What a unit leads (牵头), supports (配合) and owes (责任), with done and overdue counts per role. */
export function UnitTasksDrawer({
  unit,
  onClose,
}: {
  unit: { id: string; name: string };
  onClose: () => void;
}) {
  const { t, label } = useI18n();
  const tasks = useQuery({
    queryKey: ['tasks', 'unit', unit.id],
    queryFn: ({ signal }) => getUnitTasks(unit.id, signal),
  });
  return (
    <Drawer
      open
      width={640}
      title={t('tasks.unitTitle', { unit: unit.name })}
      onClose={onClose}
      data-testid="unit-tasks-drawer"
    >
      {tasks.error && <ApiErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />}
      {tasks.isLoading && <Skeleton active />}
      {tasks.data && (
        <>
          <Typography.Text type="secondary">{t('tasks.asOf', { day: tasks.data.asOf })}</Typography.Text>
          <Tabs
            items={tasks.data.groups.map((group) => ({
              key: group.role,
              label: (
                <span data-testid={`unit-tasks-tab-${group.role}`}>
                  {label(TASK_ROLE_LABELS, group.role as TaskRole)}{' '}
                  <Badge count={group.total} showZero color={group.overdue ? 'red' : 'blue'} />
                </span>
              ),
              children: (
                <div data-testid={`unit-tasks-${group.role}`}>
                  <Typography.Paragraph>
                    {t('tasks.groupCount', { total: group.total, done: group.done, overdue: group.overdue })}
                  </Typography.Paragraph>
                  <List
                    dataSource={group.tasks}
                    locale={{ emptyText: <Empty description={t('tasks.noTasks')} /> }}
                    renderItem={(task) => (
                      <List.Item
                        data-testid={`unit-task-${task.code}`}
                        extra={<TaskStatusTag status={task.status} />}
                      >
                        <List.Item.Meta
                          title={`${task.code} ${task.title}`}
                          description={`${t('tasks.deadline')}：${task.deadline} · ${t('tasks.lead')}：${task.lead?.name ?? ''}`}
                        />
                      </List.Item>
                    )}
                  />
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
