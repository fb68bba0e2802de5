import {
  Bank,
  BANK_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  DischargeMethod,
  DischargeMode,
  type LabelMap,
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  OutfallSubType,
  SETUP_APPROVAL_LABELS,
  SETUP_APPROVALS_BY_ROUTE,
  SetupApproval,
  setupRouteOf,
  SUB_TYPES_BY_CATEGORY,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useAuth } from '../../../api/auth-context';
import { createOutfall, updateOutfall } from '../api';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import type { OutfallRow } from '../types';
import { createInput, type FormValues, initialValues, patchInput } from './outfall-form.util';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { categoryOf, useSubTypeOptions } from './outfall-filter-bar';

const isFuture = (date: Dayjs) => date.isAfter(dayjs(), 'day');

/** The form's fields, which are also the API's field names (for errors from `details`). */
const FIELDS = [
  'name',
  'nationalCode',
  'category',
  'subType',
  'longitude',
  'latitude',
  'waterBodyId',
  'divisionId',
  'bank',
  'dischargeMode',
  'dischargeMethod',
  'sizeMm',
  'discoveredOn',
  'registeredOn',
  'permitNumber',
  'setupApproval',
  'signageInstalled',
  'signageInstalledOn',
] as const satisfies readonly (keyof FormValues)[];

interface Props {
  /** The outfall to edit; none to register a new one. */
  outfall: OutfallRow | null;
  onClose(): void;
  onSaved(outfall: OutfallRow): void;
}

/**
 * Registers or edits an outfall. Category and sub-type cascade; presence is checked here, and the API
 * checks the rest (the pair, the city's extent, dates, jurisdiction) — its field messages from `details`
 * show under the fields, anything else above the form.
 */
export function OutfallFormModal({ outfall, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { me } = useAuth();
  const lookups = useDirectoryLookups();
  const [form] = Form.useForm<FormValues>();
  const category = Form.useWatch('category', form);
  const signage = Form.useWatch('signageInstalled', form);
  const subTypeOptions = useSubTypeOptions(category);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      outfall ? updateOutfall(outfall.id, patchInput(outfall, values)) : createOutfall(createInput(values)),
    onSuccess: async (saved) => {
      await Promise.all(
        ['outfalls', 'responsible-entities', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      onSaved(saved);
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });

  const required = (field: string) => ({
    required: true,
    message: t('outfallForm.required', { field }),
  });
  const options = <T extends string>(values: Record<string, T>, labels: LabelMap<T>) =>
    Object.values(values).map((value) => ({ value, label: label(labels, value) }));

  return (
    <Modal
      open
      width={760}
      title={outfall ? t('outfallForm.editTitle', { code: outfall.localCode }) : t('outfallForm.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="outfall-form"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues>
        form={form}
        name="outfall"
        layout="vertical"
        className="compact-form"
        initialValues={initialValues(
          outfall,
          me?.jurisdiction.cityWide ? undefined : (me?.jurisdiction.divisionId ?? undefined),
        )}
        onValuesChange={(changed: Partial<FormValues>) => {
          // category → sub-type: drop a sub-type of another category; a sub-type picked first sets its category
          if (changed.category !== undefined) {
            const subType = form.getFieldValue('subType') as OutfallSubType | undefined;
            if (subType && !SUB_TYPES_BY_CATEGORY[changed.category].includes(subType))
              form.setFieldValue('subType', undefined);
          }
          if (changed.subType && !form.getFieldValue('category'))
            form.setFieldValue('category', categoryOf(changed.subType));
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label={t('field.name')}
              rules={[{ ...required(t('field.name')), whitespace: true }, { max: 100 }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="nationalCode" label={t('field.nationalCode')} rules={[{ max: 64 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label={t('field.category')} rules={[required(t('field.category'))]}>
              <Select<OutfallCategory> options={options(OutfallCategory, OUTFALL_CATEGORY_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="subType" label={t('field.subType')} rules={[required(t('field.subType'))]}>
              <Select<OutfallSubType> options={subTypeOptions} popupMatchSelectWidth={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="longitude" label={t('field.longitude')} rules={[required(t('field.longitude'))]}>
              <InputNumber<number> className="full-width" precision={6} step={0.0001} placeholder="87.2912" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="latitude" label={t('field.latitude')} rules={[required(t('field.latitude'))]}>
              <InputNumber<number> className="full-width" precision={6} step={0.0001} placeholder="44.0523" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="bank" label={t('field.bank')}>
              <Select<Bank> options={options(Bank, BANK_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="waterBodyId"
              label={t('field.waterBodyId')}
              rules={[required(t('field.waterBodyId'))]}
            >
              <Select<string>
                showSearch
                optionFilterProp="label"
                options={lookups.waterBodies.map((water) => ({ value: water.id, label: water.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="divisionId" label={t('field.divisionId')} extra={t('outfallForm.divisionHint')}>
              <Select<string>
                allowClear
                showSearch
                optionFilterProp="label"
                options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="dischargeMode" label={t('field.dischargeMode')}>
              <Select<DischargeMode> allowClear options={options(DischargeMode, DISCHARGE_MODE_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="dischargeMethod" label={t('field.dischargeMethod')}>
              <Select<DischargeMethod>
                allowClear
                options={options(DischargeMethod, DISCHARGE_METHOD_LABELS)}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sizeMm" label={t('field.sizeMm')}>
              <InputNumber<number> className="full-width" min={1} max={100000} precision={0} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="discoveredOn"
              label={t('field.discoveredOn')}
              rules={[required(t('field.discoveredOn'))]}
            >
              <DatePicker className="full-width" disabledDate={isFuture} />
            </Form.Item>
          </Col>
          {!outfall && (
            <Col span={8}>
              <Form.Item
                name="registeredOn"
                label={t('field.registeredOn')}
                extra={t('outfallForm.registeredHint')}
              >
                <DatePicker className="full-width" disabledDate={isFuture} />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item name="setupApproval" label={t('field.setupApproval')}>
              <Select<SetupApproval>
                allowClear
                options={options(SetupApproval, SETUP_APPROVAL_LABELS).filter(
                  // the values the category's route allows (审批 / 登记); the API refuses the others
                  (option) =>
                    !category || SETUP_APPROVALS_BY_ROUTE[setupRouteOf(category)].includes(option.value),
                )}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="permitNumber" label={t('field.permitNumber')} rules={[{ max: 64 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="signageInstalled" label={t('field.signageInstalled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {signage && (
            <Col span={8}>
              <Form.Item name="signageInstalledOn" label={t('field.signageInstalledOn')}>
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
