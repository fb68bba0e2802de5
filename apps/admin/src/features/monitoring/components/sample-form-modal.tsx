import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  SAMPLE_SOURCE_LABELS,
  SampleSource,
  VALUE_QUALIFIER_LABELS,
  ValueQualifier,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { createSample, useIndicators } from '../api';
import type { SampleInput, SampleRow } from '../types';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { useFormDraft } from '../../field/use-form-draft';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';

interface ReadingValues {
  indicator?: string;
  value?: number;
  qualifier: ValueQualifier;
  detectionLimit?: number;
}

interface FormValues {
  outfallId?: string;
  sampledAt?: Dayjs;
  source: SampleSource;
  laboratory?: string;
  notes?: string;
  values: ReadingValues[];
}

const TOP_FIELDS = ['outfallId', 'sampledAt', 'source', 'laboratory', 'notes'] as const;
const READING_FIELDS = ['indicator', 'value', 'qualifier', 'detectionLimit'] as const;
/** The readings a new form starts with (the plan's core indicators); empty rows are not sent. */
const START_INDICATORS = ['ph', 'cod', 'nh3n', 'tp'];

/**
 * A form field path from an API field name: `values[1].value` (domain checks) and `values.1.value`
 * (the validation pipe) both name a reading; `rowOf` maps the sent reading back to the form's row.
 */
function fieldPath(field: string, rowOf: readonly number[]): (string | number)[] | undefined {
  if ((TOP_FIELDS as readonly string[]).includes(field)) return [field];
  const reading = /^values(?:\[(\d+)\]|\.(\d+))\.(\w+)$/.exec(field);
  if (!reading) return undefined;
  const row = rowOf[Number(reading[1] ?? reading[2])];
  const name = reading[3];
  if (row === undefined || !(READING_FIELDS as readonly string[]).includes(name)) return undefined;
  return ['values', row, name];
}

/** The sampling time as entered, read as Beijing time whatever the browser's zone. */
function beijingIso(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** The form's values as a draft keeps them (the time as ISO text). */
type StoredValues = Omit<FormValues, 'sampledAt'> & { sampledAt?: string };

interface Props {
  /** Starts with this outfall chosen. */
  outfallId?: string;
  /** Keeps what is entered as a draft under this key until saved (field mode). */
  draftKey?: string;
  onClose(): void;
  onSaved(sample: SampleRow): void;
}

/**
 * 录入监测数据: one sample (outfall, time in Beijing time, source) with its readings. The API checks values
 * against physical bounds and the catalogue; its messages show under the reading they concern.
 */
export function SampleFormModal({ outfallId, draftKey, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const indicators = useIndicators();
  const [form] = Form.useForm<FormValues>();
  const [unplaced, setUnplaced] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const draft = useFormDraft<StoredValues>(draftKey ?? null);
  const [draftShown, setDraftShown] = useState<number | null>(null);
  useEffect(() => {
    if (!draft.restored) return;
    const { sampledAt, ...rest } = draft.restored.values;
    form.setFieldsValue({ ...rest, sampledAt: sampledAt ? dayjs(sampledAt) : undefined });
    setDraftShown(draft.restored.savedAt);
  }, [draft.restored, form]);
  const keepDraft = () => {
    if (!draftKey) return;
    const { sampledAt, ...rest } = form.getFieldsValue(true) as FormValues;
    draft.save({ ...rest, sampledAt: sampledAt?.toISOString() });
  };
  const save = useMutation({
    mutationFn: ({ input }: { input: SampleInput; rowOf: number[] }) => createSample(input),
    onSuccess: async (saved) => {
      await draft.drop();
      await Promise.all(
        ['samples', 'exceedances', 'monitoring-status', 'outfalls'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      onSaved(saved);
    },
    onError: (error, { rowOf }) => {
      const fields: { name: (string | number)[]; errors: string[] }[] = [];
      let rest = !(error instanceof ApiError) || error.fieldErrors().size === 0;
      for (const [field, errors] of fieldErrorLines(error, i18n)) {
        const name = fieldPath(field, rowOf);
        if (name) fields.push({ name, errors });
        else rest = true;
      }
      form.setFields(fields as never);
      setUnplaced(rest ? error : null);
    },
  });

  const submit = (values: FormValues) => {
    setUnplaced(null);
    const rowOf: number[] = [];
    const readings = values.values.flatMap((reading, index) => {
      if (!reading.indicator || reading.value === undefined || reading.value === null) return [];
      rowOf.push(index);
      return [
        {
          indicator: reading.indicator,
          value: reading.value,
          qualifier: reading.qualifier,
          detectionLimit:
            reading.qualifier === ValueQualifier.BelowDetection
              ? (reading.detectionLimit ?? undefined)
              : undefined,
        },
      ];
    });
    if (readings.length === 0) {
      form.setFields([{ name: ['values', 0, 'value'], errors: [t('sampleForm.noReadings')] }] as never);
      return;
    }
    save.mutate({
      rowOf,
      input: {
        outfallId: values.outfallId ?? '',
        sampledAt: values.sampledAt ? beijingIso(values.sampledAt) : '',
        source: values.source,
        laboratory: values.laboratory?.trim() || undefined,
        notes: values.notes?.trim() || undefined,
        values: readings,
      },
    });
  };

  const required = (field: string) => ({ required: true, message: t('outfallForm.required', { field }) });

  return (
    <Modal
      open
      width={860}
      title={t('sampleForm.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="sample-form"
    >
      {unplaced !== null && <ApiErrorAlert error={unplaced} className="form-alert" />}
      {draftShown !== null && (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          message={t('fieldMode.draftRestored', { time: i18n.dateTime(new Date(draftShown).toISOString()) })}
          action={
            <Button
              size="small"
              onClick={() => {
                void draft.drop();
                form.resetFields();
                setDraftShown(null);
              }}
            >
              {t('fieldMode.discardDraft')}
            </Button>
          }
          data-testid="sample-form-draft"
        />
      )}
      <Form<FormValues>
        form={form}
        name="sample"
        layout="vertical"
        className="compact-form"
        initialValues={{
          outfallId,
          source: SampleSource.Manual,
          values: START_INDICATORS.map((indicator) => ({ indicator, qualifier: ValueQualifier.Measured })),
        }}
        onFinish={submit}
        onValuesChange={keepDraft}
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="outfallId"
              label={t('sampleForm.outfall')}
              rules={[required(t('sampleForm.outfall'))]}
            >
              <OutfallPicker data-testid="sample-outfall-picker" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="sampledAt"
              label={t('sampleForm.sampledAt')}
              extra={t('sampleForm.beijingTime')}
              rules={[required(t('sampleForm.sampledAt'))]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="full-width" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="source" label={t('monitoring.col.source')}>
              <Select<SampleSource>
                options={Object.values(SampleSource).map((source) => ({
                  value: source,
                  label: label(SAMPLE_SOURCE_LABELS, source),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="laboratory" label={t('sampleForm.laboratory')} rules={[{ max: 200 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('sampleForm.readings')}</Typography.Text>
        <Typography.Paragraph type="secondary" className="cell-note">
          {t('sampleForm.readingsHint')}
        </Typography.Paragraph>
        <Form.List name="values">
          {(rows, { add, remove }) => (
            <div data-testid="sample-readings-form">
              {rows.map((row) => (
                <Row gutter={8} key={row.key} data-testid="reading-row">
                  <Col xs={12} sm={6}>
                    <Form.Item
                      name={[row.name, 'indicator']}
                      label={row.name === 0 ? t('monitoring.col.indicator') : undefined}
                    >
                      <Select<string>
                        aria-label={t('monitoring.col.indicator')}
                        options={indicators.indicators.map((indicator) => ({
                          value: indicator.code,
                          label: indicators.name(indicator.code),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5}>
                    <Form.Item
                      name={[row.name, 'value']}
                      label={row.name === 0 ? t('monitoring.col.value') : undefined}
                    >
                      <InputNumber<number>
                        className="full-width"
                        aria-label={t('monitoring.col.value')}
                        data-testid="reading-value"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item
                      name={[row.name, 'qualifier']}
                      label={row.name === 0 ? t('sampleForm.qualifier') : undefined}
                    >
                      <Select<ValueQualifier>
                        aria-label={t('sampleForm.qualifier')}
                        popupMatchSelectWidth={false}
                        options={Object.values(ValueQualifier).map((qualifier) => ({
                          value: qualifier,
                          label: label(VALUE_QUALIFIER_LABELS, qualifier),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={10} sm={5}>
                    <Form.Item
                      noStyle
                      shouldUpdate={(before: FormValues, after: FormValues) =>
                        before.values[row.name]?.qualifier !== after.values[row.name]?.qualifier
                      }
                    >
                      {() => (
                        <Form.Item
                          name={[row.name, 'detectionLimit']}
                          label={row.name === 0 ? t('sampleForm.detectionLimit') : undefined}
                        >
                          <InputNumber<number>
                            className="full-width"
                            min={0}
                            aria-label={t('sampleForm.detectionLimit')}
                            disabled={
                              form.getFieldValue(['values', row.name, 'qualifier']) !==
                              ValueQualifier.BelowDetection
                            }
                          />
                        </Form.Item>
                      )}
                    </Form.Item>
                  </Col>
                  <Col xs={2} sm={2}>
                    <Form.Item label={row.name === 0 ? ' ' : undefined}>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('sampleForm.removeReading')}
                        onClick={() => remove(row.name)}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ qualifier: ValueQualifier.Measured })}
                data-testid="add-reading"
              >
                {t('sampleForm.addReading')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="notes" label={t('field.note')} rules={[{ max: 2000 }]} className="section">
          <Input.TextArea rows={2} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
