import {
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  SETUP_DECISION_LABELS,
  SETUP_KIND_LABELS,
  SETUP_ROUTE_LABELS,
  SetupDecision,
  SetupKind,
  SUB_TYPES_BY_CATEGORY,
  WATER_IMPACT_LABELS,
  WaterImpact,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { listResponsibleEntities } from '../../entities/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  createSetupApplication,
  decideSetupApplication,
  fileRegistration,
  recordConsultation,
  recordNotification,
  setupRouteFor,
  type SetupApplicationRow,
} from './setup-review.api';

const DAY = 'YYYY-MM-DD';
const text = (value: string | undefined) => value?.trim() || undefined;

/** Picks a responsible entity by name or credit code (within the caller's jurisdiction). */
function EntityPicker({ id, value, onChange }: { id?: string; value?: string; onChange?(v: string): void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const entities = useQuery({
    queryKey: ['responsible-entities', 'picker', q],
    queryFn: ({ signal }) => listResponsibleEntities({ limit: 20, offset: 0, q: q || undefined }, signal),
  });
  return (
    <Select<string>
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={entities.isFetching}
      placeholder={t('setupReview.field.applicant')}
      options={(entities.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
      data-testid="setup-form-applicant"
    />
  );
}

interface ApplicationValues {
  applicantId?: string;
  kind?: SetupKind;
  outfallId?: string;
  outfallName?: string;
  category?: OutfallCategory;
  subType?: string;
  longitude?: number;
  latitude?: number;
  waterBodyId?: string;
  expectedFlowM3d?: number;
  pollutants?: string;
  waterImpacts?: WaterImpact[];
  description?: string;
}

const APPLICATION_FIELDS = [
  'applicantId',
  'kind',
  'outfallId',
  'outfallName',
  'category',
  'subType',
  'longitude',
  'latitude',
  'waterBodyId',
  'expectedFlowM3d',
  'pollutants',
  'waterImpacts',
  'description',
] as const;

/** The form to file an application (a draft); the route follows the category and is shown with its reason. */
export function SetupApplicationForm({
  onClose,
  onSaved,
}: {
  onClose(): void;
  onSaved(app: SetupApplicationRow): void;
}) {
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const [form] = Form.useForm<ApplicationValues>();
  const lookups = useDirectoryLookups();
  const queryClient = useQueryClient();
  const kind = Form.useWatch('kind', form) ?? SetupKind.New;
  const category = Form.useWatch('category', form);
  const route = useQuery({
    queryKey: ['setup-review', 'route', category],
    queryFn: ({ signal }) => setupRouteFor(category as OutfallCategory, signal),
    enabled: !!category && kind === SetupKind.New,
  });
  const save = useMutation({
    mutationFn: (values: ApplicationValues) =>
      createSetupApplication({
        applicantId: values.applicantId ?? '',
        kind: values.kind ?? SetupKind.New,
        ...(values.kind === SetupKind.New || !values.kind
          ? {
              outfallName: text(values.outfallName),
              category: values.category,
              subType: values.subType as never,
              longitude: values.longitude,
              latitude: values.latitude,
            }
          : { outfallId: values.outfallId }),
        waterBodyId: values.waterBodyId,
        expectedFlowM3d: values.expectedFlowM3d,
        pollutants: (values.pollutants ?? '')
          .split(/[,，、\s]+/)
          .map((p) => p.trim())
          .filter(Boolean),
        waterImpacts: values.waterImpacts ?? [],
        description: text(values.description),
      }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['setup-review'] });
      onSaved(saved);
    },
    onError: (error) => placeFieldErrors(form, error, APPLICATION_FIELDS, i18n),
  });
  const required = [{ required: true, message: t('setupReview.required') }];
  return (
    <Modal
      open
      title={t('setupReview.form.title')}
      okText={t('setupReview.form.ok')}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'setup-form-ok' } as never}
      width={720}
      destroyOnHidden
    >
      <div data-testid="setup-form">
        {needsFormAlert(save.error, APPLICATION_FIELDS) && (
          <ApiErrorAlert error={save.error} className="section-alert" data-testid="setup-form-error" />
        )}
        <Form form={form} layout="vertical" initialValues={{ kind: SetupKind.New }}>
          <Form.Item name="applicantId" label={t('setupReview.field.applicant')} rules={required}>
            <EntityPicker />
          </Form.Item>
          <Form.Item name="kind" label={t('setupReview.field.kind')} rules={required}>
            <Radio.Group
              options={Object.values(SetupKind).map((value) => ({
                value,
                label: label(SETUP_KIND_LABELS, value),
              }))}
            />
          </Form.Item>
          {kind === SetupKind.New ? (
            <>
              <Form.Item name="outfallName" label={t('setupReview.field.outfallName')} rules={required}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="category" label={t('setupReview.field.category')} rules={required}>
                <Select
                  data-testid="setup-form-category"
                  options={Object.values(OutfallCategory).map((value) => ({
                    value,
                    label: label(OUTFALL_CATEGORY_LABELS, value),
                  }))}
                  onChange={() => form.setFieldValue('subType', undefined)}
                />
              </Form.Item>
              {route.data && (
                <Alert
                  className="section-alert"
                  type="info"
                  showIcon
                  data-testid="setup-form-route"
                  message={t('setupReview.form.routeHint', {
                    route: label(SETUP_ROUTE_LABELS, route.data.route),
                    reason: locale === 'en-US' ? route.data.reason.en : route.data.reason.zh,
                  })}
                />
              )}
              <Form.Item name="subType" label={t('setupReview.field.subType')} rules={required}>
                <Select
                  data-testid="setup-form-subtype"
                  options={(category ? SUB_TYPES_BY_CATEGORY[category] : []).map((value) => ({
                    value,
                    label: label(OUTFALL_SUB_TYPE_LABELS, value),
                  }))}
                />
              </Form.Item>
              <Form.Item name="longitude" label={t('setupReview.field.longitude')} rules={required}>
                <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="latitude" label={t('setupReview.field.latitude')} rules={required}>
                <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="outfallId" label={t('setupReview.field.outfall')} rules={required}>
              <OutfallPicker data-testid="setup-form-outfall" />
            </Form.Item>
          )}
          <Form.Item name="waterBodyId" label={t('setupReview.field.waterBody')}>
            <Select
              allowClear
              data-testid="setup-form-water"
              options={lookups.waterBodies.map((w) => ({ value: w.id, label: w.name }))}
            />
          </Form.Item>
          <Form.Item name="expectedFlowM3d" label={t('setupReview.field.flow')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="pollutants"
            label={t('setupReview.field.pollutants')}
            extra={t('setupReview.field.pollutantsHint')}
          >
            <Input />
          </Form.Item>
          <Form.Item name="waterImpacts" label={t('setupReview.field.waterImpacts')}>
            <Select
              mode="multiple"
              data-testid="setup-form-impacts"
              options={Object.values(WaterImpact).map((value) => ({
                value,
                label: label(WATER_IMPACT_LABELS, value),
              }))}
            />
          </Form.Item>
          <Form.Item name="description" label={t('setupReview.field.description')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

type ActionKind = 'consult' | 'decide' | 'file';

interface ActionValues {
  consultedOn?: Dayjs;
  authority?: string;
  documentNumber?: string;
  opinion?: string;
  decision?: SetupDecision;
  conditions?: string;
  reasons?: string;
  reviewNote?: string;
  decidedOn?: Dayjs;
  filedOn?: Dayjs;
}

const ACTION_FIELDS = [
  'consultedOn',
  'authority',
  'documentNumber',
  'opinion',
  'decision',
  'conditions',
  'reasons',
  'reviewNote',
  'decidedOn',
  'filedOn',
] as const;

/** Record the consultation, decide (approve / refuse) or file a registration; the API's refusals show here. */
export function SetupActionModal({
  app,
  action,
  onClose,
}: {
  app: SetupApplicationRow;
  action: ActionKind;
  onClose(): void;
}) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const [form] = Form.useForm<ActionValues>();
  const queryClient = useQueryClient();
  const decision = Form.useWatch('decision', form);
  const save = useMutation({
    mutationFn: (v: ActionValues) => {
      if (action === 'consult')
        return recordConsultation(app.id, {
          consultedOn: v.consultedOn?.format(DAY) ?? '',
          authority: v.authority?.trim() ?? '',
          documentNumber: text(v.documentNumber),
          opinion: v.opinion?.trim() ?? '',
        });
      if (action === 'file')
        return fileRegistration(app.id, {
          documentNumber: v.documentNumber?.trim() ?? '',
          filedOn: v.filedOn?.format(DAY) ?? '',
          reviewNote: text(v.reviewNote),
        });
      return decideSetupApplication(app.id, {
        decision: v.decision ?? SetupDecision.Approve,
        conditions: text(v.conditions),
        reasons: text(v.reasons),
        reviewNote: text(v.reviewNote),
        documentNumber: v.documentNumber?.trim() ?? '',
        decidedOn: v.decidedOn?.format(DAY) ?? '',
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['setup-review'] });
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, ACTION_FIELDS, i18n),
  });
  const required = [{ required: true, message: t('setupReview.required') }];
  const title = t(
    action === 'consult'
      ? 'setupReview.consult.title'
      : action === 'file'
        ? 'setupReview.file.title'
        : 'setupReview.decide.title',
  );
  const today = dayjs();
  return (
    <Modal
      open
      title={title}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'setup-action-ok' } as never}
      destroyOnHidden
    >
      <div data-testid="setup-action-form">
        {needsFormAlert(save.error, ACTION_FIELDS) && (
          <ApiErrorAlert error={save.error} className="section-alert" data-testid="setup-action-error" />
        )}
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            decision: SetupDecision.Approve,
            decidedOn: today,
            filedOn: today,
            consultedOn: today,
          }}
        >
          {action === 'consult' && (
            <>
              <Form.Item name="consultedOn" label={t('setupReview.field.consultedOn')} rules={required}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="authority" label={t('setupReview.field.authority')} rules={required}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="documentNumber" label={t('setupReview.field.documentNumber')}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item name="opinion" label={t('setupReview.field.opinion')} rules={required}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
            </>
          )}
          {action === 'decide' && (
            <>
              <Form.Item name="decision" label={t('setupReview.field.decision')} rules={required}>
                <Radio.Group
                  options={Object.values(SetupDecision).map((value) => ({
                    value,
                    label: label(SETUP_DECISION_LABELS, value),
                  }))}
                />
              </Form.Item>
              {decision === SetupDecision.Refuse ? (
                <Form.Item name="reasons" label={t('setupReview.field.reasons')} rules={required}>
                  <Input.TextArea rows={3} maxLength={4000} />
                </Form.Item>
              ) : (
                <Form.Item name="conditions" label={t('setupReview.field.conditions')}>
                  <Input.TextArea rows={3} maxLength={4000} />
                </Form.Item>
              )}
            </>
          )}
          {action !== 'consult' && (
            <>
              <Form.Item name="documentNumber" label={t('setupReview.field.documentNumber')} rules={required}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item
                name={action === 'file' ? 'filedOn' : 'decidedOn'}
                label={t(action === 'file' ? 'setupReview.field.filedOn' : 'setupReview.field.decidedOn')}
                rules={required}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item name="reviewNote" label={t('setupReview.field.reviewNote')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}

/** Records an enterprise's notification of several outfalls outside a park. */
export function NotificationModal({ entityId, onClose }: { entityId: string; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ notifiedOn?: Dayjs; documentNumber?: string; note?: string }>();
  const queryClient = useQueryClient();
  const fields = ['notifiedOn', 'documentNumber', 'note'] as const;
  const save = useMutation({
    mutationFn: (v: { notifiedOn?: Dayjs; documentNumber?: string; note?: string }) =>
      recordNotification({
        entityId,
        notifiedOn: v.notifiedOn?.format(DAY) ?? '',
        documentNumber: text(v.documentNumber),
        note: text(v.note),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['setup-review'] });
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, fields, i18n),
  });
  return (
    <Modal
      open
      title={t('setupReview.notify.title')}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {needsFormAlert(save.error, fields) && <ApiErrorAlert error={save.error} className="section-alert" />}
      <Form form={form} layout="vertical" initialValues={{ notifiedOn: dayjs() }}>
        <Form.Item
          name="notifiedOn"
          label={t('setupReview.notify.notifiedOn')}
          rules={[{ required: true, message: t('setupReview.required') }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('setupReview.field.documentNumber')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="note" label={t('setupReview.notify.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
