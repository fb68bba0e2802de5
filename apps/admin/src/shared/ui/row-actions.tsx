import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space } from 'antd';
import { useI18n } from '../../i18n/i18n-context';

interface RowActionsProps {
  /** What the row is called: in the buttons' accessible names and the delete confirmation. */
  name: string;
  /** Shown when given. */
  onEdit?: () => void;
  /** Shown when given, behind a confirmation. */
  onDelete?: () => void;
  editTestId?: string;
}

/** A list row's edit and delete buttons (keyboard-reachable, named after the row), shared by the admin lists. */
export function RowActions({ name, onEdit, onDelete, editTestId }: RowActionsProps) {
  const { t } = useI18n();
  return (
    <Space size={0}>
      {onEdit && (
        <Button
          type="link"
          icon={<EditOutlined />}
          onClick={onEdit}
          aria-label={t('baseData.editOf', { name })}
          data-testid={editTestId}
        >
          {t('baseData.edit')}
        </Button>
      )}
      {onDelete && (
        <Popconfirm
          title={t('baseData.deleteConfirm', { name })}
          okText={t('baseData.delete')}
          cancelText={t('common.cancel')}
          onConfirm={onDelete}
        >
          <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('baseData.deleteOf', { name })}>
            {t('baseData.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
