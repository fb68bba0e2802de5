import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { MONITORING_FREQUENCY_LABELS, MonitoringFrequency, PERMIT_NUMBER } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { useIndicators } from '../../monitoring/api';
import { listResponsibleEntities } from '../../entities/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n, type I18n } from '../../../i18n/i18n-context';
import { createPermit, updatePermit, type Permit, type PermitInput } from './permits.api';

interface OutletValues {
  code?: string;
  name?: string;
  outfallId?: string;
  /** indicator code → frequency (the duty matrix) */
  duties?: Record<string, MonitoringFrequency | undefined>;
}

interface FormValues {
  permitNumber?: string;
  entityId?: string;
  issuingAuthority?: string;
  validFrom?: Dayjs;
  validTo?: Dayjs;
  notes?: string;
  outlets?: OutletValues[];
}

const DAY = 'YYYY-MM-DD';
const TOP = ['permitNumber', 'entityId', 'issuingAuthority', 'validFrom', 'validTo', 'notes'];

/** Where an API field error belongs: `outlets[1].duties[0].indicatorCode` → the outlet's duty matrix. */
function formFieldOf(field: string, values: FormValues): (string | number)[] | undefined {
  if (TOP.includes(field)) return [field];
  const outlet = /^outlets\[(\d+)\]\.(code|name|outfallId)$/.exec(field);
  if (outlet) return ['outlets', Number(outlet[1]), outlet[2]];
  const duty = /^outlets\[(\d+)\]\.duties\[(\d+)\]/.exec(field);
  if (duty) {
    const codes = Object.keys(values.outlets?.[Number(duty[1])]?.duties ?? {}).filter(
      (code) => values.outlets?.[Number(duty[1])]?.duties?.[code],
    );
    const code = codes[Number(duty[2])];
    return code ? ['outlets', Number(duty[1]), 'duties', code] : undefined;
  }
  return undefined;
}

function placeErrors(form: FormInstance<FormValues>, error: unknown, i18n: Pick<I18n, 'tMaybe' | 'locale'>) {
  const values = form.getFieldsValue(true) as FormValues;
  form.setFields(
    [...fieldErrorLines(error, i18n)]
      .map(([field, errors]) => ({ name: formFieldOf(field, values), errors }))
      .filter((entry): entry is { name: (string | number)[]; errors: string[] } => !!entry.name)
      .map(({ name, errors }) => ({ name: name as never, errors })),
  );
}

function toInput(values: FormValues): PermitInput {
  return {
    permitNumber: values.permitNumber?.trim() ?? '',
    entityId: values.entityId ?? '',
    issuingAuthority: values.issuingAuthority?.trim() ?? '',
    validFrom: values.validFrom?.format(DAY) ?? '',
    validTo: values.validTo?.format(DAY) ?? '',
    notes: values.notes?.trim() || undefined,
    outlets: (values.outlets ?? []).map((outlet) => ({
      code: outlet.code?.trim() ?? '',
      name: outlet.name?.trim() || undefined,
      outfallId: outlet.outfallId ?? '',
      duties: Object.entries(outlet.duties ?? {})
        .filter((entry): entry is [string, MonitoringFrequency] => !!entry[1])
        .map(([indicatorCode, frequency]) => ({ indicatorCode, frequency })),
    })),
  };
}

function fromPermit(permit: Permit): FormValues {
  return {
    permitNumber: permit.permitNumber,
    entityId: permit.entityId,
    issuingAuthority: permit.issuingAuthority,
    validFrom: dayjs(permit.validFrom),
    validTo: dayjs(permit.validTo),
    notes: permit.notes ?? undefined,
    outlets: permit.outlets.map((outlet) => ({
      code: outlet.code,
      name: outlet.name ?? undefined,
      outfallId: outlet.outfallId,
      duties: Object.fromEntries(outlet.duties.map((duty) => [duty.indicatorCode, duty.frequency])),
    })),
  };
}

/** Picks a responsible entity by name or credit code (searched on the server). */
export function EntityPicker(props: {
  value?: string;
  onChange?(value: string | undefined): void;
  initial?: Permit['entity'];
  testId?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const entities = useQuery({
    queryKey: ['responsible-entities', 'picker', q],
    queryFn: ({ signal }) => listResponsibleEntities({ limit: 20, offset: 0, q: q || undefined }, signal),
  });
  const options = (entities.data?.items ?? []).map((entity) => ({
    value: entity.id,
    label: `${entity.name}${entity.creditCode ? `（${entity.creditCode}）` : ''}`,
  }));
  if (props.initial && !options.some((o) => o.value === props.initial?.id))
    options.unshift({ value: props.initial.id, label: props.initial.name });
  return (
    <Select<string>
      showSearch
      allowClear
      value={props.value}
      onChange={props.onChange}
      filterOption={false}
      onSearch={setQ}
      loading={entities.isFetching}
      placeholder={t('permits.form.entity')}
      options={options}
      data-testid={props.testId ?? 'permit-form-entity'}
    />
  );
}

/** New or edited permit: number, holder, authority, validity, and per outlet the duty matrix. */
export function PermitFormModal({
  permit,
  onClose,
  onSaved,
}: {
  permit?: Permit;
  onClose(): void;
  onSaved(permit: Permit): void;
}) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const indicators = useIndicators();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      permit
        ? updatePermit(permit.id, { ...toInput(values), version: permit.version })
        : createPermit(toInput(values)),
    onSuccess: async (saved) => {
      await Promise.all(
        ['permits', 'permit-status', 'monitoring-findings', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      void message.success(t(permit ? 'permits.form.updated' : 'permits.form.created'));
      onSaved(saved);
    },
    onError: (error) => placeErrors(form, error, i18n),
  });
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const unplaced =
    save.error &&
    (!(save.error instanceof ApiError) ||
      conflict ||
      [...save.error.fieldErrors().keys()].length === 0 ||
      [...save.error.fieldErrors().keys()].some(
        (field) => !formFieldOf(field, form.getFieldsValue(true) as FormValues),
      ));
  const required = (field: string) => ({ required: true, message: t('permits.form.required', { field }) });
  const frequencies = Object.values(MonitoringFrequency).map((value) => ({
    value,
    label: label(MONITORING_FREQUENCY_LABELS, value),
  }));

  return (
    <Modal
      open
      width={980}
      title={
        permit ? t('permits.form.editTitle', { number: permit.permitNumber }) : t('permits.form.createTitle')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: conflict, 'data-testid': 'permit-form-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="permit-form"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          message={t('permits.form.conflict')}
          action={
            <Button
              onClick={() => {
                void queryClient.invalidateQueries({ queryKey: ['permits'] });
                onClose();
              }}
            >
              {t('permits.form.reload')}
            </Button>
          }
        />
      )}
      {!conflict && unplaced && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="permit-form-error" />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        className="compact-form"
        initialValues={permit ? fromPermit(permit) : { outlets: [{ code: 'DW001', duties: {} }] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="permitNumber"
              label={t('permits.col.number')}
              extra={t('permits.form.numberHint')}
              rules={[
                required(t('permits.col.number')),
                {
                  validator: (_, value: string | undefined) =>
                    !value || PERMIT_NUMBER.test(value.trim().toUpperCase())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('permits.form.numberHint'))),
                },
              ]}
            >
              <Input maxLength={22} data-testid="permit-form-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="entityId"
              label={t('permits.form.entity')}
              rules={[required(t('permits.form.entity'))]}
            >
              <EntityPicker initial={permit?.entity} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="issuingAuthority"
              label={t('permits.col.authority')}
              rules={[{ ...required(t('permits.col.authority')), whitespace: true }]}
            >
              <Input maxLength={100} data-testid="permit-form-authority" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="validFrom"
              label={t('permits.col.validFrom')}
              rules={[required(t('permits.col.validFrom'))]}
            >
              <DatePicker className="full-width" data-testid="permit-form-from" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="validTo"
              label={t('permits.col.validTo')}
              rules={[required(t('permits.col.validTo'))]}
            >
              <DatePicker className="full-width" data-testid="permit-form-to" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('permits.notes')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="outlets">
          {(fields, { add, remove }) => (
            <>
              <div className="page-header">
                <strong>{t('permits.form.outlets')}</strong>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ code: `DW${String(fields.length + 1).padStart(3, '0')}`, duties: {} })}
                  data-testid="permit-form-add-outlet"
                >
                  {t('permits.form.addOutlet')}
                </Button>
              </div>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  className="form-alert"
                  data-testid="permit-form-outlet"
                  extra={
                    <Button
                      type="link"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                    >
                      {t('permits.form.removeOutlet')}
                    </Button>
                  }
                >
                  <Row gutter={12}>
                    <Col span={6}>
                      <Form.Item
                        name={[field.name, 'code']}
                        label={t('permits.col.outletCode')}
                        extra={t('permits.form.codeHint')}
                        rules={[required(t('permits.col.outletCode'))]}
                      >
                        <Input maxLength={5} data-testid="permit-form-outlet-code" />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[field.name, 'name']} label={t('permits.col.outletName')}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item
                        name={[field.name, 'outfallId']}
                        label={t('permits.col.outfall')}
                        rules={[required(t('permits.col.outfall'))]}
                      >
                        <OutfallPicker data-testid="permit-form-outlet-outfall" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <div className="cell-note">{t('permits.form.dutyMatrix')}</div>
                  <Row gutter={8} data-testid="permit-form-duties">
                    {indicators.indicators.map((indicator) => (
                      <Col span={4} key={indicator.code}>
                        <Form.Item
                          name={[field.name, 'duties', indicator.code]}
                          label={indicators.name(indicator.code)}
                        >
                          <Select<MonitoringFrequency>
                            allowClear
                            options={frequencies}
                            data-testid={`permit-duty-${indicator.code}`}
                          />
                        </Form.Item>
                      </Col>
                    ))}
                  </Row>
                </Card>
              ))}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
