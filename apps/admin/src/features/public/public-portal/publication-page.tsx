import { PrinterOutlined } from '@ant-design/icons';
import { OUTFALL_CATEGORY_LABELS, OutfallCategory, Permission } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import {
  approvePublicationDraft,
  getPublicationState,
  listPublicationRevisions,
  openSignSheets,
  PUBLIC_FIELDS,
  rejectPublicationDraft,
  savePublicationDraft,
  submitPublicationDraft,
  type PublicationDraftInput,
  type PublicationRevision,
  type PublicationStatus,
} from './public-portal.api';

const STATUS_COLORS: Record<PublicationStatus, string> = {
  draft: 'default',
  submitted: 'orange',
  effective: 'green',
  superseded: 'default',
  rejected: 'red',
};

const fieldKey = (f: string) => `publicPortal.field.${f}` as MessageKey;

/** 信息公开配置: the public fields and scope (draft → review → effective), its history, and sign-sheet printing. */
export function PublicationPage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const lookups = useDirectoryLookups();
  const [editing, setEditing] = useState(false);
  const [reviewNote, setReviewNote] = useState('');
  const [township, setTownship] = useState<string>();
  const [form] = Form.useForm<PublicationDraftInput>();
  const state = useQuery({
    queryKey: ['publication', 'state'],
    queryFn: ({ signal }) => getPublicationState(signal),
  });
  const history = useQuery({
    queryKey: ['publication', 'history'],
    queryFn: ({ signal }) => listPublicationRevisions(signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['publication'] });
  const save = useMutation({
    mutationFn: (input: PublicationDraftInput) => savePublicationDraft(input),
    onSuccess: () => {
      setEditing(false);
      void message.success(t('publicPortal.admin.saved'));
      void refresh();
    },
  });
  const submit = useMutation({ mutationFn: submitPublicationDraft, onSuccess: () => void refresh() });
  const approve = useMutation({
    mutationFn: (version: number) => approvePublicationDraft(version, reviewNote || undefined),
    onSuccess: () => {
      setReviewNote('');
      void refresh();
    },
  });
  const reject = useMutation({
    mutationFn: (version: number) => rejectPublicationDraft(version, reviewNote),
    onSuccess: () => {
      setReviewNote('');
      void refresh();
    },
  });
  const print = useMutation({ mutationFn: openSignSheets });

  const manage = can(Permission.PublicationManage);
  const review = manage && can(Permission.Approve);
  const effective = state.data?.effective ?? null;
  const open = state.data?.open ?? null;
  const categoryLabel = (c: string) => label(OUTFALL_CATEGORY_LABELS, c as OutfallCategory);

  const summary = (r: PublicationRevision) => (
    <Descriptions column={1} size="small">
      <Descriptions.Item label={t('publicPortal.admin.fields')}>
        <Space size={[4, 4]} wrap data-testid={`publication-fields-${r.status}`}>
          {r.fields.map((f) => (
            <Tag key={f}>{t(fieldKey(f))}</Tag>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('publicPortal.admin.categories')}>
        {r.categories.map(categoryLabel).join('、')}
      </Descriptions.Item>
      <Descriptions.Item label={t('publicPortal.admin.signedOnly')}>
        {r.signedOnly ? '✓' : '✗'}
      </Descriptions.Item>
      {r.note && <Descriptions.Item label={t('publicPortal.admin.note')}>{r.note}</Descriptions.Item>}
      {r.editedByName && (
        <Descriptions.Item label={t('publicPortal.admin.editedBy')}>{r.editedByName}</Descriptions.Item>
      )}
    </Descriptions>
  );

  const startEditing = () => {
    const base = open ?? effective;
    form.setFieldsValue({
      fields: base?.fields ?? ['code', 'name'],
      categories: base?.categories ?? Object.values(OutfallCategory),
      signedOnly: base?.signedOnly ?? false,
      note: open?.note ?? '',
    });
    setEditing(true);
  };

  return (
    <>
      <Typography.Title level={3}>{t('publicPortal.admin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicPortal.admin.intro')}</Typography.Paragraph>
      <ApiErrorAlert error={state.error ?? save.error ?? submit.error ?? approve.error ?? reject.error} />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card
          size="small"
          title={
            <Space>
              {t('publicPortal.admin.effective')}
              {effective && (
                <Tag color="green">{t('publicPortal.admin.revision', { n: effective.revision })}</Tag>
              )}
            </Space>
          }
          data-testid="publication-effective"
        >
          {effective ? summary(effective) : <Typography.Text>{t('publicPortal.admin.none')}</Typography.Text>}
        </Card>

        <Card
          size="small"
          title={t('publicPortal.admin.open')}
          data-testid="publication-open"
          extra={
            manage &&
            !editing &&
            (!open || open.status === 'draft') && (
              <Button onClick={startEditing} data-testid="publication-edit">
                {t(open ? 'publicPortal.admin.editDraft' : 'publicPortal.admin.newDraft')}
              </Button>
            )
          }
        >
          {editing ? (
            <Form
              form={form}
              layout="vertical"
              onFinish={(values) => save.mutate({ ...values, version: open?.version })}
            >
              <Form.Item name="fields" label={t('publicPortal.admin.fields')}>
                <Checkbox.Group
                  data-testid="publication-field-options"
                  options={PUBLIC_FIELDS.map((f) => ({
                    value: f,
                    label: t(fieldKey(f)),
                    disabled: f === 'code',
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="categories"
                label={t('publicPortal.admin.categories')}
                extra={t('publicPortal.admin.scopeNote')}
                rules={[{ required: true, type: 'array', min: 1 }]}
              >
                <Checkbox.Group
                  options={Object.values(OutfallCategory).map((c) => ({ value: c, label: categoryLabel(c) }))}
                />
              </Form.Item>
              <Form.Item name="signedOnly" label={t('publicPortal.admin.signedOnly')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="note" label={t('publicPortal.admin.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={save.isPending}
                  data-testid="publication-save"
                >
                  {t('publicPortal.admin.saveDraft')}
                </Button>
                <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
              </Space>
            </Form>
          ) : open ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space>
                <Tag color={STATUS_COLORS[open.status]} data-testid="publication-open-status">
                  {t(`publicPortal.status.${open.status}` as MessageKey)}
                </Tag>
                <span>{t('publicPortal.admin.revision', { n: open.revision })}</span>
              </Space>
              {summary(open)}
              {open.status === 'draft' && manage && (
                <Button
                  type="primary"
                  onClick={() => submit.mutate(open.version)}
                  loading={submit.isPending}
                  data-testid="publication-submit"
                >
                  {t('publicPortal.admin.submit')}
                </Button>
              )}
              {open.status === 'submitted' && review && (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    rows={2}
                    placeholder={t('publicPortal.admin.reviewNote')}
                    value={reviewNote}
                    onChange={(e) => setReviewNote(e.target.value)}
                    data-testid="publication-review-note"
                  />
                  <Space>
                    <Button
                      type="primary"
                      onClick={() => approve.mutate(open.version)}
                      loading={approve.isPending}
                      data-testid="publication-approve"
                    >
                      {t('publicPortal.admin.approve')}
                    </Button>
                    <Button
                      danger
                      onClick={() =>
                        reviewNote.trim()
                          ? reject.mutate(open.version)
                          : void message.warning(t('publicPortal.admin.rejectNeedsNote'))
                      }
                      loading={reject.isPending}
                      data-testid="publication-reject"
                    >
                      {t('publicPortal.admin.reject')}
                    </Button>
                  </Space>
                </Space>
              )}
            </Space>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
        </Card>

        <Card size="small" title={t('publicPortal.admin.signSheets')}>
          <Typography.Paragraph type="secondary">
            {t('publicPortal.admin.signSheetsIntro')}
          </Typography.Paragraph>
          <ApiErrorAlert error={print.error} />
          <Space wrap>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('publicPortal.admin.township')}
              style={{ width: 200 }}
              options={lookups.townships.map((d) => ({ value: d.id, label: d.name }))}
              onChange={(value?: string) => setTownship(value)}
              data-testid="sign-sheet-township"
            />
            <Button
              icon={<PrinterOutlined />}
              disabled={!township}
              loading={print.isPending}
              onClick={() => township && print.mutate({ divisionId: township })}
              data-testid="sign-sheet-print"
            >
              {t('publicPortal.admin.print')}
            </Button>
          </Space>
        </Card>

        <Card size="small" title={t('publicPortal.admin.history')}>
          <Table<PublicationRevision>
            size="small"
            rowKey="id"
            loading={history.isFetching}
            dataSource={history.data?.items ?? []}
            pagination={false}
            scroll={{ x: true }}
            data-testid="publication-history"
            columns={[
              { title: '#', dataIndex: 'revision', width: 60 },
              {
                title: t('publicPortal.admin.status'),
                dataIndex: 'status',
                render: (s: PublicationStatus) => (
                  <Tag color={STATUS_COLORS[s]}>{t(`publicPortal.status.${s}` as MessageKey)}</Tag>
                ),
              },
              {
                title: t('publicPortal.admin.fields'),
                dataIndex: 'fields',
                render: (fields: string[]) => fields.map((f) => t(fieldKey(f))).join('、'),
              },
              {
                title: t('publicPortal.admin.categories'),
                dataIndex: 'categories',
                render: (c: string[]) => c.map(categoryLabel).join('、'),
              },
              { title: t('publicPortal.admin.editedBy'), dataIndex: 'editedByName' },
              { title: t('publicPortal.admin.reviewedBy'), dataIndex: 'reviewedByName' },
              { title: t('publicPortal.admin.reviewNote'), dataIndex: 'reviewNote' },
              {
                title: t('publicPortal.admin.effectiveFrom'),
                dataIndex: 'effectiveFrom',
                render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—'),
              },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
