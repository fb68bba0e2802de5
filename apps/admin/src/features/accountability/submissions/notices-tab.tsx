import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NOTICE_STATUS_LABELS, NoticeStatus, Permission } from '@outfall/shared-types';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FileUpload } from './file-upload';
import {
  listNotices,
  reviewNotice,
  respondNotice,
  sendNotice,
  type NoticeFilter,
  type NoticeRow,
} from './submissions.api';
import { showFieldErrors } from './use-field-errors';
import { openableRow } from '../../../shared/utils/openable-row.util';

const PAGE = 20;

export function useUnitOptions() {
  const units = useQuery({
    queryKey: ['units', 'accountability'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
  });
  return (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
}

function SendModal({ onClose }: { onClose(): void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{
    unitId: string;
    subject: string;
    body: string;
    dueOn: Dayjs;
    outfallId?: string;
  }>();
  const units = useUnitOptions();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<unknown>(null);
  const send = useMutation({
    mutationFn: sendNotice,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accountability', 'notices'] });
      onClose();
    },
    onError: (error) =>
      setAlert(
        showFieldErrors(form, error, ['unitId', 'subject', 'body', 'dueOn', 'outfallId'], locale)
          ? null
          : error,
      ),
  });
  return (
    <Modal
      open
      title={t('submissions.notice.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={send.isPending}
      okButtonProps={{ 'data-testid': 'notice-send-ok' } as Record<string, string>}
    >
      {alert ? <ApiErrorAlert error={alert} className="section-alert" /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          send.mutate({
            unitId: v.unitId,
            subject: v.subject.trim(),
            body: v.body.trim(),
            dueOn: v.dueOn.format('YYYY-MM-DD'),
            outfallId: v.outfallId,
          })
        }
      >
        <Form.Item
          name="unitId"
          label={t('submissions.notice.unit')}
          rules={[
            { required: true, message: t('submissions.required', { field: t('submissions.notice.unit') }) },
          ]}
        >
          <Select showSearch optionFilterProp="label" options={units} data-testid="notice-unit" />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('submissions.notice.subject')}
          rules={[
            {
              required: true,
              message: t('submissions.required', { field: t('submissions.notice.subject') }),
            },
          ]}
        >
          <Input maxLength={200} data-testid="notice-subject" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('submissions.notice.body')}
          rules={[
            { required: true, message: t('submissions.required', { field: t('submissions.notice.body') }) },
          ]}
        >
          <Input.TextArea rows={4} maxLength={5000} data-testid="notice-body" />
        </Form.Item>
        <Form.Item
          name="dueOn"
          label={t('submissions.notice.dueOn')}
          rules={[
            { required: true, message: t('submissions.required', { field: t('submissions.notice.dueOn') }) },
          ]}
        >
          <DatePicker data-testid="notice-due" />
        </Form.Item>
        <Form.Item name="outfallId" label={t('submissions.notice.outfall')}>
          <OutfallPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NoticeDrawer({ notice, onClose }: { notice: NoticeRow; onClose(): void }) {
  const { t, label, dateTime, locale } = useI18n();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ response: string; note?: string }>();
  const [fileIds, setFileIds] = useState<string[]>([]);
  const done = async () => {
    void message.success(t('submissions.saved'));
    await queryClient.invalidateQueries({ queryKey: ['accountability', 'notices'] });
    onClose();
  };
  const respond = useMutation({
    mutationFn: (response: string) =>
      respondNotice(notice.id, { response, fileIds, version: notice.version }),
    onSuccess: done,
    onError: (error) => showFieldErrors(form, error, ['response'], locale),
  });
  const review = useMutation({
    mutationFn: (input: { action: 'close' | 'return'; note?: string }) =>
      reviewNotice(notice.id, { ...input, version: notice.version }),
    onSuccess: done,
    onError: (error) => showFieldErrors(form, error, ['note'], locale),
  });
  const awaiting = notice.status === NoticeStatus.Sent || notice.status === NoticeStatus.Returned;
  const mine = me?.unit?.id === notice.unitId;
  return (
    <Drawer
      open
      width={640}
      title={`${notice.code} ${notice.subject}`}
      onClose={onClose}
      data-testid="notice-drawer"
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('submissions.notice.unit')}>{notice.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('submissions.notice.body')}>{notice.body}</Descriptions.Item>
        <Descriptions.Item label={t('submissions.notice.dueOn')}>
          {notice.dueOn} {notice.overdue && <Tag color="red">{t('submissions.notice.overdue')}</Tag>}
          {notice.answeredLate && <Tag color="orange">{t('submissions.notice.answeredLate')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.notice.status')}>
          <span data-testid="notice-status">{label(NOTICE_STATUS_LABELS, notice.status)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.notice.response')}>
          {notice.response ?? '—'}
        </Descriptions.Item>
        {notice.reviewNote && (
          <Descriptions.Item label={t('submissions.notice.reviewNote')}>
            {notice.reviewNote}
          </Descriptions.Item>
        )}
      </Descriptions>
      <h4 style={{ marginTop: 16 }}>{t('submissions.notice.history')}</h4>
      <Timeline
        items={notice.history.map((h) => ({
          children: `${dateTime(h.at)} ${h.by} ${h.action}${h.note ? `：${h.note}` : ''}`,
        }))}
      />
      <Form form={form} layout="vertical">
        {awaiting && mine && can(Permission.SubmissionWrite) && (
          <>
            <Form.Item
              name="response"
              label={t('submissions.notice.response')}
              rules={[
                {
                  required: true,
                  message: t('submissions.required', { field: t('submissions.notice.response') }),
                },
              ]}
            >
              <Input.TextArea rows={4} data-testid="notice-response" />
            </Form.Item>
            <Form.Item label={t('submissions.attachments')}>
              <FileUpload onChange={setFileIds} />
            </Form.Item>
            <Button
              type="primary"
              loading={respond.isPending}
              data-testid="notice-respond"
              onClick={() =>
                void form.validateFields(['response']).then((v) => respond.mutate(v.response.trim()))
              }
            >
              {t('submissions.notice.respond')}
            </Button>
          </>
        )}
        {can(Permission.AccountabilityManage) && notice.status !== NoticeStatus.Closed && (
          <>
            <Form.Item name="note" label={t('submissions.notice.reviewNote')}>
              <Input.TextArea rows={2} data-testid="notice-note" />
            </Form.Item>
            <Space>
              <Button
                type="primary"
                loading={review.isPending}
                onClick={() =>
                  review.mutate({ action: 'close', note: form.getFieldValue('note') as string | undefined })
                }
                data-testid="notice-close"
              >
                {t('submissions.notice.close')}
              </Button>
              {notice.status === NoticeStatus.Answered && (
                <Button
                  danger
                  loading={review.isPending}
                  onClick={() =>
                    review.mutate({
                      action: 'return',
                      note: form.getFieldValue('note') as string | undefined,
                    })
                  }
                  data-testid="notice-return"
                >
                  {t('submissions.notice.return')}
                </Button>
              )}
            </Space>
          </>
        )}
        {(respond.error || review.error) && (
          <ApiErrorAlert error={respond.error ?? review.error} className="section-alert" />
        )}
      </Form>
    </Drawer>
  );
}

/** 督办通知: the eco branch's list of every unit's notices (filters, paging, sorting); a unit sees its own. */
export function NoticesTab() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const [filter, setFilter] = useState<NoticeFilter>({});
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>('dueOn');
  const [sending, setSending] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const units = useUnitOptions();
  const notices = useQuery({
    queryKey: ['accountability', 'notices', filter, page, sort],
    queryFn: ({ signal }) => listNotices({ ...filter, limit: PAGE, offset: (page - 1) * PAGE, sort }, signal),
  });
  const open = notices.data?.items.find((n) => n.id === openId);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {can(Permission.AccountabilityManage) && (
          <>
            <Button type="primary" onClick={() => setSending(true)} data-testid="notice-new">
              {t('submissions.notice.new')}
            </Button>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('submissions.notice.unit')}
              style={{ width: 220 }}
              options={units}
              value={filter.unitId}
              onChange={(unitId: string | undefined) => {
                setFilter({ ...filter, unitId });
                setPage(1);
              }}
            />
          </>
        )}
        <Select
          allowClear
          placeholder={t('submissions.notice.status')}
          style={{ width: 160 }}
          value={filter.status}
          options={Object.values(NoticeStatus).map((s) => ({
            value: s,
            label: label(NOTICE_STATUS_LABELS, s),
          }))}
          onChange={(status: NoticeStatus | undefined) => {
            setFilter({ ...filter, status });
            setPage(1);
          }}
        />
        <span>
          {t('submissions.notice.onlyOverdue')}{' '}
          <Switch
            checked={filter.overdue === true}
            onChange={(on) => {
              setFilter({ ...filter, overdue: on || undefined });
              setPage(1);
            }}
          />
        </span>
      </Space>
      {notices.error && (
        <ApiErrorAlert
          error={notices.error}
          onRetry={() => void notices.refetch()}
          className="section-alert"
        />
      )}
      <Table<NoticeRow>
        rowKey="id"
        size="small"
        loading={notices.isLoading}
        dataSource={notices.data?.items}
        locale={{ emptyText: <Empty description={t('submissions.notice.empty')} /> }}
        pagination={{ current: page, pageSize: PAGE, total: notices.data?.total, showSizeChanger: false }}
        onChange={pageAndSort(setPage, setSort)}
        onRow={(row) => ({
          ...openableRow(() => setOpenId(row.id), `notice-row-${row.code}`),
          onClick: () => setOpenId(row.id),
        })}
        columns={[
          { title: t('submissions.notice.code'), dataIndex: 'code', ...sortable(sort, 'code') },
          { title: t('submissions.notice.unit'), dataIndex: 'unitName' },
          { title: t('submissions.notice.subject'), dataIndex: 'subject' },
          {
            title: t('submissions.notice.dueOn'),
            ...sortable(sort, 'dueOn'),
            render: (_, n) => (
              <>
                {n.dueOn} {n.overdue && <Tag color="red">{t('submissions.notice.overdue')}</Tag>}
                {n.answeredLate && <Tag color="orange">{t('submissions.notice.answeredLate')}</Tag>}
              </>
            ),
          },
          {
            title: t('submissions.notice.status'),
            ...sortable(sort, 'status'),
            render: (_, n) => label(NOTICE_STATUS_LABELS, n.status),
          },
        ]}
      />
      {sending && <SendModal onClose={() => setSending(false)} />}
      {open && (
        <NoticeDrawer key={`${open.id}-${open.version}`} notice={open} onClose={() => setOpenId(null)} />
      )}
    </>
  );
}
