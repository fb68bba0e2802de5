import {
  CASE_ORIGIN_LABELS,
  CASE_SOURCE_LABELS,
  CaseAction,
  CaseOrigin,
  CaseSource,
  VIOLATION_KIND_LABELS,
  ViolationKind,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import {
  openCase,
  transitionCase,
  type EnforcementCaseRow,
  type OpenCaseInput,
  type TransitionInput,
} from './enforcement.api';
import { localFieldErrors } from '../../../i18n/field-errors.util';
import type { Locale } from '@outfall/shared-types';

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);

/** Puts the API's field errors on the form's fields (the alert keeps the whole message). */
function placeErrors(
  form: { setFields(fields: { name: never; errors: string[] }[]): void },
  error: unknown,
  names: string[],
  locale: Locale,
): void {
  if (!(error instanceof ApiError)) return;
  const fields = localFieldErrors(error, locale);
  form.setFields(
    names
      .filter((name) => fields.has(name))
      .map((name) => ({ name: name as never, errors: [fields.get(name) ?? ''] })),
  );
}

/** What the page opening the form already knows (the record the case comes from), and a label for it. */
export type OpenCasePreset = Partial<
  Pick<
    OpenCaseInput,
    'origin' | 'outfallId' | 'sampleId' | 'indicatorCode' | 'patrolRecordId' | 'publicReportId' | 'kind'
  >
> & { label?: string };

interface OpenFormValues {
  outfallId?: string;
  kind: ViolationKind;
  kindOther?: string;
  source?: CaseSource;
  origin: CaseOrigin;
  patrolRecordId?: string;
  publicReportId?: string;
  description: string;
  legalBasis?: string;
  registeredOn?: Dayjs;
}

const OPEN_FIELDS = [
  'outfallId',
  'kind',
  'kindOther',
  'source',
  'origin',
  'sampleId',
  'indicatorCode',
  'patrolRecordId',
  'publicReportId',
  'entityId',
  'description',
  'legalBasis',
  'registeredOn',
];

/** 立案: directly, or prefilled from an exceedance / a chronic exceeder (the link is kept on the case). */
export function OpenCaseModal({
  preset,
  onClose,
  onOpened,
}: {
  preset?: OpenCasePreset;
  onClose(): void;
  onOpened(c: EnforcementCaseRow): void;
}) {
  const { t, label, locale } = useI18n();
  const [form] = Form.useForm<OpenFormValues>();
  const client = useQueryClient();
  const fromMonitoring = preset?.origin === CaseOrigin.Exceedance || preset?.origin === CaseOrigin.Chronic;
  const origin = Form.useWatch('origin', form) ?? preset?.origin ?? CaseOrigin.Manual;
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (values: OpenFormValues) => {
      const input: OpenCaseInput = {
        outfallId: preset?.origin === CaseOrigin.Exceedance ? undefined : values.outfallId,
        kind: values.kind,
        kindOther: values.kind === ViolationKind.Other ? values.kindOther : undefined,
        source: values.source,
        origin: values.origin,
        sampleId: preset?.sampleId,
        indicatorCode: preset?.indicatorCode,
        patrolRecordId: values.origin === CaseOrigin.Patrol ? values.patrolRecordId : undefined,
        publicReportId: values.origin === CaseOrigin.PublicReport ? values.publicReportId : undefined,
        description: values.description,
        legalBasis: values.legalBasis || undefined,
        registeredOn: day(values.registeredOn),
      };
      return openCase(input);
    },
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['enforcement'] });
      onOpened(created);
    },
    onError: (error) => placeErrors(form, error, OPEN_FIELDS, locale),
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('enforcement.required', { field: t(field) }) },
  ];
  return (
    <Modal
      open
      title={t('enforcement.openCase')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('enforcement.open')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'case-open-submit' } as never}
    >
      {preset?.label && <p data-testid="case-open-preset">{preset.label}</p>}
      <Form<OpenFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          origin: preset?.origin ?? CaseOrigin.Manual,
          outfallId: preset?.outfallId,
          kind: preset?.kind ?? (fromMonitoring ? ViolationKind.OverStandard : undefined),
          source: fromMonitoring ? CaseSource.MonitoringAlert : undefined,
          registeredOn: dayjs(),
        }}
        onFinish={(values) => save.mutate(values)}
        data-testid="case-open-form"
      >
        <Form.Item name="origin" label={t('enforcement.field.origin')}>
          <Select
            disabled={fromMonitoring}
            options={[
              CaseOrigin.Manual,
              CaseOrigin.Patrol,
              CaseOrigin.PublicReport,
              CaseOrigin.Exceedance,
              CaseOrigin.Chronic,
            ]
              .filter((o) => fromMonitoring || (o !== CaseOrigin.Exceedance && o !== CaseOrigin.Chronic))
              .map((o) => ({ value: o, label: label(CASE_ORIGIN_LABELS, o) }))}
            data-testid="case-origin"
          />
        </Form.Item>
        {preset?.origin !== CaseOrigin.Exceedance && (
          <Form.Item
            name="outfallId"
            label={t('enforcement.field.outfall')}
            rules={required('enforcement.field.outfall')}
          >
            <OutfallPicker data-testid="case-outfall" />
          </Form.Item>
        )}
        {origin === CaseOrigin.Patrol && (
          <Form.Item
            name="patrolRecordId"
            label={t('enforcement.field.patrolRecordId')}
            rules={required('enforcement.field.patrolRecordId')}
          >
            <Input />
          </Form.Item>
        )}
        {origin === CaseOrigin.PublicReport && (
          <Form.Item
            name="publicReportId"
            label={t('enforcement.field.publicReportId')}
            rules={required('enforcement.field.publicReportId')}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('enforcement.field.kind')} rules={required('enforcement.field.kind')}>
          <Select
            options={Object.values(ViolationKind).map((k) => ({
              value: k,
              label: label(VIOLATION_KIND_LABELS, k),
            }))}
            data-testid="case-kind"
          />
        </Form.Item>
        {kind === ViolationKind.Other && (
          <Form.Item
            name="kindOther"
            label={t('enforcement.field.kindOther')}
            rules={required('enforcement.field.kindOther')}
          >
            <Input maxLength={200} data-testid="case-kind-other" />
          </Form.Item>
        )}
        <Form.Item
          name="source"
          label={t('enforcement.field.source')}
          rules={required('enforcement.field.source')}
        >
          <Select
            options={Object.values(CaseSource).map((s) => ({
              value: s,
              label: label(CASE_SOURCE_LABELS, s),
            }))}
            data-testid="case-source"
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('enforcement.field.description')}
          rules={required('enforcement.field.description')}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="case-description" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('enforcement.field.legalBasis')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="registeredOn" label={t('enforcement.field.registeredOn')}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
      {save.error && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="case-open-error" />
      )}
    </Modal>
  );
}

interface StepValues {
  on?: Dayjs;
  note?: string;
  legalBasis?: string;
  penaltyAmount?: number;
  penaltyDocumentNo?: string;
  penaltyDecidedOn?: Dayjs;
  rectificationOrder?: string;
  rectificationDeadline?: Dayjs;
}

const STEP_FIELDS = [
  'on',
  'note',
  'legalBasis',
  'penaltyAmount',
  'penaltyDocumentNo',
  'penaltyDecidedOn',
  'rectificationOrder',
  'rectificationDeadline',
];

/** One workflow step with the fields it needs: penalty, rectification order, closing note or dismissal reason. */
export function TransitionModal({
  c,
  action,
  onClose,
}: {
  c: EnforcementCaseRow;
  action: CaseAction;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<StepValues>();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (values: StepValues) => {
      const input: TransitionInput = {
        action,
        version: c.version,
        on: day(values.on),
        note: values.note || undefined,
        legalBasis: values.legalBasis || undefined,
        penaltyAmount: values.penaltyAmount ?? undefined,
        penaltyDocumentNo: values.penaltyDocumentNo || undefined,
        penaltyDecidedOn: day(values.penaltyDecidedOn),
        rectificationOrder: values.rectificationOrder || undefined,
        rectificationDeadline: day(values.rectificationDeadline),
      };
      return transitionCase(c.id, input);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['enforcement'] });
      onClose();
    },
    onError: (error) => placeErrors(form, error, STEP_FIELDS, locale),
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('enforcement.required', { field: t(field) }) },
  ];
  const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');
  return (
    <Modal
      open
      title={t(`enforcement.action.${action}` as MessageKey)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'case-step-submit' } as never}
    >
      <Form<StepValues>
        form={form}
        layout="vertical"
        initialValues={{ on: dayjs(), legalBasis: c.legalBasis ?? undefined }}
        onFinish={(values) => save.mutate(values)}
        data-testid="case-step-form"
      >
        <Form.Item name="on" label={t('enforcement.field.on')}>
          <DatePicker disabledDate={notFuture} />
        </Form.Item>
        {action === CaseAction.DecidePenalty && (
          <>
            <Form.Item
              name="legalBasis"
              label={t('enforcement.field.legalBasis')}
              rules={required('enforcement.field.legalBasis')}
            >
              <Input.TextArea rows={2} maxLength={2000} data-testid="case-legal-basis" />
            </Form.Item>
            <Form.Item
              name="penaltyAmount"
              label={t('enforcement.field.penaltyAmount')}
              rules={required('enforcement.field.penaltyAmount')}
            >
              <InputNumber
                min={0}
                precision={2}
                step={100}
                style={{ width: 200 }}
                data-testid="case-penalty-amount"
              />
            </Form.Item>
            <Form.Item
              name="penaltyDocumentNo"
              label={t('enforcement.field.penaltyDocumentNo')}
              rules={required('enforcement.field.penaltyDocumentNo')}
            >
              <Input maxLength={64} placeholder="昌环罚〔2025〕1号" data-testid="case-penalty-doc" />
            </Form.Item>
            <Form.Item name="penaltyDecidedOn" label={t('enforcement.field.penaltyDecidedOn')}>
              <DatePicker disabledDate={notFuture} />
            </Form.Item>
          </>
        )}
        {action === CaseAction.OrderRectification && (
          <>
            <Form.Item
              name="rectificationOrder"
              label={t('enforcement.field.rectificationOrder')}
              rules={required('enforcement.field.rectificationOrder')}
            >
              <Input.TextArea rows={2} maxLength={2000} data-testid="case-rectification-order" />
            </Form.Item>
            <Form.Item
              name="rectificationDeadline"
              label={t('enforcement.field.rectificationDeadline')}
              rules={required('enforcement.field.rectificationDeadline')}
            >
              <DatePicker data-testid="case-rectification-deadline" />
            </Form.Item>
          </>
        )}
        {(action === CaseAction.Close || action === CaseAction.Dismiss) && (
          <Form.Item
            name="note"
            label={t(
              action === CaseAction.Close ? 'enforcement.field.closingNote' : 'enforcement.field.reason',
            )}
            rules={required(
              action === CaseAction.Close ? 'enforcement.field.closingNote' : 'enforcement.field.reason',
            )}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="case-note" />
          </Form.Item>
        )}
        {action === CaseAction.Investigate && (
          <Form.Item name="note" label={t('enforcement.field.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
      {save.error && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="case-step-error" />
      )}
    </Modal>
  );
}
