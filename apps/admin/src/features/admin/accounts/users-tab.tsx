import {
  EditOutlined,
  KeyOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { Permission, Role, ROLE_LABELS } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { oneOf } from '../../../shared/utils/url-filter.util';
import { createUser, listUsers, updateUser } from './accounts.api';
import type { User } from './accounts.types';
import { UnitSelect } from './unit-select';

const KEYS = ['users'] as const;
const FIELDS = ['username', 'displayName', 'password', 'role', 'unitId', 'active'] as const;

interface Values {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  unitId: string;
}

type Editing = { mode: 'new' } | { mode: 'edit'; user: User } | { mode: 'password'; user: User };

/** 用户: accounts with their role and unit; deactivating ends their sessions. */
export function UsersTab() {
  const { t, label, dateTime } = useI18n();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['q', 'role', 'unitId'] as const);
  const [editing, setEditing] = useState<Editing | null>(null);
  const users = useQuery({
    queryKey: ['users', 'list', list.query],
    queryFn: ({ signal }) => listUsers({ ...list.query, role: oneOf(Role, list.filter.role) }, signal),
    placeholderData: keepPreviousData,
  });
  const toggle = useMutation({
    mutationFn: (user: User) => updateUser(user.id, { active: !user.active, version: user.version }),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      void message.success(t(user.active ? 'accounts.user.activated' : 'accounts.user.deactivated'));
    },
  });
  const manage = can(Permission.UserManage);
  const roles = Object.values(Role).map((value) => ({ value, label: label(ROLE_LABELS, value) }));

  const columns: TableColumnsType<User> = [
    {
      title: t('accounts.user.username'),
      dataIndex: 'username',
      width: 180,
      ...sortable(list.sort, 'username'),
      render: (username: string, user) => (
        <>
          {username}
          {user.demo && <DemoTag compact />}
        </>
      ),
    },
    {
      title: t('accounts.user.displayName'),
      dataIndex: 'displayName',
      ...sortable(list.sort, 'displayName'),
    },
    {
      title: t('accounts.user.role'),
      dataIndex: 'role',
      width: 170,
      ...sortable(list.sort, 'role'),
      render: (role: Role) => label(ROLE_LABELS, role),
    },
    { title: t('accounts.user.unit'), key: 'unit', render: (_, user) => user.unit?.name ?? '—' },
    {
      title: t('accounts.user.status'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) =>
        active ? (
          <Tag color="green">{t('accounts.user.active')}</Tag>
        ) : (
          <Tag data-testid="user-inactive">{t('accounts.user.inactive')}</Tag>
        ),
    },
    {
      title: t('accounts.user.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 170,
      ...sortable(list.sort, 'lastLoginAt'),
      render: (at: string | null) => (at ? dateTime(at) : t('accounts.never')),
    },
    ...(manage
      ? [
          {
            title: t('accounts.col.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, user: User) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  icon={<EditOutlined />}
                  onClick={() => setEditing({ mode: 'edit', user })}
                  aria-label={t('accounts.editOf', { name: user.username })}
                  data-testid="user-edit"
                >
                  {t('accounts.edit')}
                </Button>
                <Button
                  type="link"
                  icon={<KeyOutlined />}
                  onClick={() => setEditing({ mode: 'password', user })}
                  aria-label={t('accounts.user.resetPasswordOf', { name: user.username })}
                >
                  {t('accounts.user.resetPassword')}
                </Button>
                {user.id !== me?.id && (
                  <Popconfirm
                    title={t(
                      user.active ? 'accounts.user.deactivateConfirm' : 'accounts.user.activateConfirm',
                      {
                        name: user.username,
                      },
                    )}
                    okText={t('accounts.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => toggle.mutate(user)}
                  >
                    <Button
                      type="link"
                      danger={user.active}
                      icon={user.active ? <StopOutlined /> : <CheckCircleOutlined />}
                      aria-label={t(user.active ? 'accounts.user.deactivateOf' : 'accounts.user.activateOf', {
                        name: user.username,
                      })}
                      data-testid="user-toggle"
                    >
                      {t(user.active ? 'accounts.user.deactivate' : 'accounts.user.activate')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const passwordItem = (
    <Form.Item
      name="password"
      label={t('accounts.user.password')}
      extra={t('accounts.user.passwordHint')}
      rules={[{ required: true, message: t('accounts.required') }]}
    >
      <Input.Password maxLength={128} autoComplete="new-password" data-testid="user-form-password" />
    </Form.Item>
  );

  return (
    <>
      <div className="page-header">
        <Space className="toolbar" wrap>
          <Input.Search
            allowClear
            className="toolbar-search"
            defaultValue={list.filter.q}
            placeholder={t('accounts.user.filterQ')}
            aria-label={t('accounts.user.filterQ')}
            onSearch={(value) => list.setFilter('q', value.trim() || undefined)}
            data-testid="user-filter-q"
          />
          <Select<Role>
            allowClear
            className="toolbar-select-wide"
            value={list.filter.role as Role | undefined}
            placeholder={t('accounts.user.role')}
            aria-label={t('accounts.user.role')}
            options={roles}
            onChange={(value) => list.setFilter('role', value)}
          />
          <UnitSelect
            allowClear
            className="toolbar-select-wide"
            value={list.filter.unitId}
            aria-label={t('accounts.user.unit')}
            onChange={(value) => list.setFilter('unitId', value)}
          />
        </Space>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ mode: 'new' })}
            data-testid="user-new"
          >
            {t('accounts.user.new')}
          </Button>
        )}
      </div>
      {toggle.error && <ApiErrorAlert error={toggle.error} className="section-alert" />}
      {users.error ? (
        <ApiErrorAlert
          error={users.error}
          title={t('common.loadError')}
          onRetry={() => void users.refetch()}
        />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items}
          loading={users.isFetching}
          onChange={list.onChange<User>()}
          pagination={list.pagination(users.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('accounts.user.empty')} /> }}
          data-testid="users-table"
        />
      )}
      {editing?.mode === 'new' && (
        <FormModal<Values>
          title={t('accounts.user.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('accounts.saved')}
          testId="user-form"
          save={(values) =>
            createUser({
              username: values.username.trim(),
              displayName: values.displayName.trim(),
              password: values.password ?? '',
              role: values.role,
              unitId: values.unitId,
            })
          }
          onClose={() => setEditing(null)}
        >
          <Form.Item
            name="username"
            label={t('accounts.user.username')}
            extra={t('accounts.user.usernameHint')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <Input maxLength={64} autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('accounts.user.displayName')}
            rules={[{ required: true, whitespace: true, message: t('accounts.required') }]}
          >
            <Input maxLength={64} data-testid="user-form-display" />
          </Form.Item>
          {passwordItem}
          <Form.Item
            name="role"
            label={t('accounts.user.role')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <Select<Role> options={roles} data-testid="user-form-role" />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('accounts.user.unit')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <UnitSelect data-testid="user-form-unit" />
          </Form.Item>
        </FormModal>
      )}
      {editing?.mode === 'edit' && (
        <FormModal<Values>
          title={t('accounts.editOf', { name: editing.user.username })}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('accounts.saved')}
          testId="user-form"
          initialValues={{
            displayName: editing.user.displayName,
            role: editing.user.role,
            unitId: editing.user.unitId,
          }}
          save={(values) =>
            updateUser(editing.user.id, {
              displayName: values.displayName.trim(),
              role: values.role,
              unitId: values.unitId,
              version: editing.user.version,
            })
          }
          onClose={() => setEditing(null)}
        >
          <Form.Item
            name="displayName"
            label={t('accounts.user.displayName')}
            rules={[{ required: true, whitespace: true, message: t('accounts.required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="role"
            label={t('accounts.user.role')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <Select<Role> options={roles} />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('accounts.user.unit')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <UnitSelect initial={editing.user.unit} />
          </Form.Item>
        </FormModal>
      )}
      {editing?.mode === 'password' && (
        <FormModal<Values>
          title={t('accounts.user.resetPasswordOf', { name: editing.user.username })}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('accounts.user.passwordReset')}
          testId="password-form"
          save={(values) =>
            updateUser(editing.user.id, { password: values.password, version: editing.user.version })
          }
          onClose={() => setEditing(null)}
        >
          {passwordItem}
        </FormModal>
      )}
    </>
  );
}
