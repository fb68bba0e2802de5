import { TASK_STATUS_LABELS, TaskStatus } from '@outfall/shared-types';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/i18n-context';

const COLORS: Record<TaskStatus, string> = {
  [TaskStatus.NotStarted]: 'default',
  [TaskStatus.InProgress]: 'processing',
  [TaskStatus.Done]: 'success',
  [TaskStatus.Overdue]: 'error',
};

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid={`task-status-${status}`}>
      {label(TASK_STATUS_LABELS, status)}
    </Tag>
  );
}
