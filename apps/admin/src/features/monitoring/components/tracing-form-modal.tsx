import {
  SEWAGE_ORIGIN_LABELS,
  SewageOrigin,
  TRACING_METHOD_LABELS,
  TracingMethod,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { createTracing, useIndicators } from '../api';
import type { TracingInput } from '../types';
import type { OutfallDetail } from '../../outfalls/types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { CandidateSourceSelect } from '../../supervision/source-lists/candidate-sources-section';

interface FormValues {
  tracedOn?: Dayjs;
  method?: TracingMethod;
  sewageOrigin?: SewageOrigin;
  mainFactors?: string[];
  entityIds?: string[];
  candidateIds?: string[];
  descriptions?: string[];
  conclusion?: string;
  complete: boolean;
  completedOn?: Dayjs;
}

const FIELDS = [
  'tracedOn',
  'method',
  'sewageOrigin',
  'mainFactors',
  'conclusion',
  'complete',
  'completedOn',
] as const;
const DAY = 'YYYY-MM-DD';
const isFuture = (date: Dayjs) => date.isAfter(dayjs(), 'day');

function toInput(values: FormValues): TracingInput {
  return {
    tracedOn: values.tracedOn?.format(DAY) ?? '',
    method: values.method as TracingMethod,
    sewageOrigin: values.sewageOrigin,
    mainFactors: values.mainFactors?.length ? values.mainFactors : undefined,
    conclusion: values.conclusion?.trim() || undefined,
    complete: values.complete,
    completedOn: values.complete ? values.completedOn?.format(DAY) : undefined,
    sources: [
      ...(values.entityIds ?? []).map((entityId) => ({ entityId })),
      ...(values.candidateIds ?? []).map((candidateSourceId) => ({ candidateSourceId })),
      ...(values.descriptions ?? [])
        .map((text) => text.trim())
        .filter(Boolean)
        .map((description) => ({ description })),
    ],
  };
}

interface Props {
  outfall: OutfallDetail;
  onClose(): void;
  onSaved(): void;
}

/**
 * Adds a tracing record (溯源): when and how, the sources found (responsible entities or a description),
 * the main pollution factors, the sewage origin and the conclusion; completing it sets the traced milestone.
 */
export function TracingFormModal({ outfall, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const indicators = useIndicators();
  const [form] = Form.useForm<FormValues>();
  const complete = Form.useWatch('complete', form);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: FormValues) => createTracing(outfall.id, toInput(values)),
    onSuccess: async () => {
      await Promise.all(
        ['tracing', 'outfalls', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      onSaved();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const required = (field: string) => ({ required: true, message: t('outfallForm.required', { field }) });
  return (
    <Modal
      open
      width={720}
      title={t('tracing.title', { code: outfall.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="tracing-form"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues>
        form={form}
        name="tracing"
        layout="vertical"
        className="compact-form"
        initialValues={{ complete: false, tracedOn: dayjs() }}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="tracedOn"
              label={t('tracing.tracedOn')}
              rules={[required(t('tracing.tracedOn'))]}
            >
              <DatePicker className="full-width" disabledDate={isFuture} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="method" label={t('tracing.method')} rules={[required(t('tracing.method'))]}>
              <Select<TracingMethod>
                options={Object.values(TracingMethod).map((method) => ({
                  value: method,
                  label: label(TRACING_METHOD_LABELS, method),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sewageOrigin" label={t('tracing.sewageOrigin')}>
              <Select<SewageOrigin>
                allowClear
                options={Object.values(SewageOrigin).map((origin) => ({
                  value: origin,
                  label: label(SEWAGE_ORIGIN_LABELS, origin),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="entityIds" label={t('tracing.entitySources')}>
              <Select<string[]>
                mode="multiple"
                allowClear
                options={outfall.entities.map((link) => ({ value: link.entityId, label: link.entity.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="descriptions"
              label={t('tracing.textSources')}
              extra={t('tracing.textSourcesHint')}
            >
              <Select<string[]> mode="tags" open={false} suffixIcon={null} tokenSeparators={['；', ';']} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="candidateIds"
              label={t('sourceLists.candidatePick')}
              extra={t('sourceLists.candidatePickHint')}
            >
              <CandidateSourceSelect outfallId={outfall.id} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="mainFactors" label={t('tracing.mainFactors')}>
              <Select<string[]>
                mode="multiple"
                allowClear
                options={indicators.indicators.map((indicator) => ({
                  value: indicator.code,
                  label: indicators.name(indicator.code),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="conclusion" label={t('tracing.conclusion')} rules={[{ max: 4000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="complete" label={t('tracing.complete')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {complete && (
            <Col span={8}>
              <Form.Item
                name="completedOn"
                label={t('tracing.completedOn')}
                rules={[required(t('tracing.completedOn'))]}
              >
                <DatePicker className="full-width" disabledDate={isFuture} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
