import {
  DISPOSITION_LABELS,
  Disposition,
  OUTFALL_CATEGORY_LABELS,
  Permission,
  TargetState,
} from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { decideDisposition, listDispositions } from '../api';
import type { DispositionFilter, DispositionRow } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { PlanFormModal } from './plan-form-modal';
import { PLAN_PAGE_SIZE } from './plan-table';

const DISPOSITION_COLORS: Record<Disposition, string> = {
  [Disposition.Ban]: 'red',
  [Disposition.Merge]: 'orange',
  [Disposition.Standardise]: 'blue',
  [Disposition.Keep]: 'green',
};

/** The target state a decision usually leads to (the user may change it in the plan form). */
const SUGGESTED_TARGET: Partial<Record<Disposition, TargetState>> = {
  [Disposition.Ban]: TargetState.ClosedRestored,
  [Disposition.Merge]: TargetState.ConnectedToNetwork,
  [Disposition.Standardise]: TargetState.CompliantDischarge,
};

interface Props {
  filter: DispositionFilter;
  page: number;
  onPage(page: number): void;
  onOpenOutfall(outfallId: string): void;
  /** Opens a plan (after drafting one from a row). */
  onOpenPlan?(planId: string): void;
}

/** 三个一批: each outfall's suggested disposition with its reasons, and the decision taken. */
export function DispositionTable({ filter, page, onPage, onOpenOutfall, onOpenPlan }: Props) {
  const { t, label, locale } = useI18n();
  const { can } = useAuth();
  const [deciding, setDeciding] = useState<DispositionRow | null>(null);
  const [drafting, setDrafting] = useState<DispositionRow | null>(null);
  const canDecide = can(Permission.Approve);
  // the list does not say whether an outfall already has a plan: offer drafting for every decided outfall that
  // needs remediation, and the API's refusal (already has a plan) is shown in the form
  const canDraft = can(Permission.RemediationWrite);
  const rows = useQuery({
    queryKey: ['dispositions', 'list', { page, ...filter }],
    queryFn: ({ signal }) =>
      listDispositions({ limit: PLAN_PAGE_SIZE, offset: (page - 1) * PLAN_PAGE_SIZE, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const tag = (disposition: Disposition) => (
    <Tag color={DISPOSITION_COLORS[disposition]}>{label(DISPOSITION_LABELS, disposition)}</Tag>
  );
  const columns: TableColumnsType<DispositionRow> = [
    {
      title: t('monitoring.col.outfall'),
      key: 'outfall',
      width: 260,
      render: (_, row) => (
        <>
          <Typography.Link onClick={() => onOpenOutfall(row.outfallId)}>{row.localCode}</Typography.Link>
          <Typography.Text type="secondary" className="cell-note">
            {row.name}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('outfalls.col.category'),
      dataIndex: 'category',
      width: 140,
      render: (category: DispositionRow['category']) => label(OUTFALL_CATEGORY_LABELS, category),
    },
    {
      title: t('disposition.suggestion'),
      key: 'suggestion',
      render: (_, row) => (
        <div data-testid="disposition-suggestion">
          {tag(row.suggestion.disposition)}
          {row.suggestion.interim && <Tag>{t('disposition.interim')}</Tag>}
          {row.suggestion.reasons.map((reason) => (
            <Typography.Text key={reason.rule} type="secondary" className="cell-note">
              {locale === 'en-US' ? reason.en : reason.zh}
            </Typography.Text>
          ))}
        </div>
      ),
    },
    {
      title: t('disposition.decision'),
      key: 'decision',
      width: 240,
      render: (_, row) =>
        row.decision ? (
          <div data-testid="disposition-decision">
            {tag(row.decision.disposition)}
            <Typography.Text type="secondary" className="cell-note">
              {row.decision.decidedOn} · {row.decision.decidedBy}
            </Typography.Text>
            {row.decision.reason && (
              <Typography.Text type="secondary" className="cell-note">
                {row.decision.reason}
              </Typography.Text>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('disposition.undecided')}</Typography.Text>
        ),
    },
    ...(canDecide || canDraft
      ? [
          {
            title: t('units.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, row: DispositionRow) => (
              <Space size={4} wrap>
                {canDecide && (
                  <Button size="small" onClick={() => setDeciding(row)} data-testid="decide">
                    {row.decision ? t('disposition.change') : t('disposition.decide')}
                  </Button>
                )}
                {canDraft && row.decision?.requiresRemediation && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDrafting(row)}
                    data-testid="draft-plan"
                  >
                    {t('planForm.draftAction')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  if (rows.error) {
    return (
      <ApiErrorAlert error={rows.error} title={t('common.loadError')} onRetry={() => void rows.refetch()} />
    );
  }
  return (
    <>
      <Table<DispositionRow>
        rowKey="outfallId"
        size="middle"
        columns={columns}
        dataSource={rows.data?.items}
        loading={rows.isFetching}
        locale={{ emptyText: <Empty description={t('disposition.empty')} /> }}
        onChange={(pagination) => onPage(pagination.current ?? 1)}
        pagination={{
          current: page,
          pageSize: PLAN_PAGE_SIZE,
          total: rows.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
        }}
        data-testid="dispositions-table"
      />
      {deciding && <DecideModal row={deciding} onClose={() => setDeciding(null)} />}
      {drafting && (
        <PlanFormModal
          outfall={{
            id: drafting.outfallId,
            localCode: drafting.localCode,
            name: drafting.name,
            category: drafting.category,
          }}
          defaults={{
            problems: drafting.suggestion.problems,
            targetState: drafting.decision ? SUGGESTED_TARGET[drafting.decision.disposition] : undefined,
          }}
          onClose={() => setDrafting(null)}
          onSaved={(plan) => {
            setDrafting(null);
            onOpenPlan?.(plan.id);
          }}
        />
      )}
    </>
  );
}

interface DecideValues {
  disposition: Disposition;
  interim: boolean;
  reason?: string;
  decidedOn?: Dayjs;
}

const FIELDS = ['disposition', 'interim', 'reason', 'decidedOn'] as const;

/** Confirms or changes the suggested disposition; a different decision needs a reason. */
function DecideModal({ row, onClose }: { row: DispositionRow; onClose(): void }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<DecideValues>();
  const disposition = Form.useWatch('disposition', form);
  const queryClient = useQueryClient();
  const differs = disposition !== undefined && disposition !== row.suggestion.disposition;
  const save = useMutation({
    mutationFn: (values: DecideValues) =>
      decideDisposition(row.outfallId, {
        disposition: values.disposition,
        interim: values.disposition === Disposition.Ban ? values.interim : undefined,
        reason: values.reason?.trim() || undefined,
        decidedOn: values.decidedOn?.format('YYYY-MM-DD') ?? '',
      }),
    onSuccess: async () => {
      await Promise.all(
        ['dispositions', 'outfalls', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      void message.success(t('disposition.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={t('disposition.title', { code: row.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="decide-modal"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<DecideValues>
        form={form}
        name="decide"
        layout="vertical"
        initialValues={{
          disposition: row.decision?.disposition ?? row.suggestion.disposition,
          interim: row.decision?.interim ?? row.suggestion.interim,
          reason: row.decision?.reason ?? undefined,
          decidedOn: row.decision ? dayjs(row.decision.decidedOn) : dayjs(),
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="disposition"
          label={t('disposition.decision')}
          extra={t('disposition.suggested', { label: label(DISPOSITION_LABELS, row.suggestion.disposition) })}
        >
          <Select<Disposition>
            options={Object.values(Disposition).map((value) => ({
              value,
              label: label(DISPOSITION_LABELS, value),
            }))}
          />
        </Form.Item>
        {disposition === Disposition.Ban && (
          <Form.Item name="interim" valuePropName="checked">
            <Checkbox>{t('disposition.interimHint')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('disposition.reason')}
          rules={[
            { required: differs, whitespace: true, message: t('disposition.reasonRequired') },
            { max: 1000 },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          name="decidedOn"
          label={t('disposition.decidedOn')}
          rules={[
            { required: true, message: t('outfallForm.required', { field: t('disposition.decidedOn') }) },
          ]}
        >
          <DatePicker className="full-width" disabledDate={(date) => date.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
