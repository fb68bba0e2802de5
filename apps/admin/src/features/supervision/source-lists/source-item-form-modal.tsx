import { Role, SOURCE_LIST_KIND_LABELS, SourceListKind, type Me } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  createSourceItem,
  updateSourceItem,
  type CreateSourceListItemInput,
  type SourceListItemRow,
} from './source-lists.api';

const FIELDS = [
  'ownerUnitId',
  'name',
  'creditCode',
  'longitude',
  'latitude',
  'address',
  'divisionId',
  'industryCode',
  'species',
  'headCount',
  'areaMu',
] as const;

/** The form's fields: a new item's body without its kind (the tab gives it). */
type FormValues = Omit<CreateSourceListItemInput, 'kind'>;

interface Props {
  kind: SourceListKind;
  item: SourceListItemRow | null;
  me: Me | null;
  onClose(): void;
}

/** Adds or edits one list item; the API's rules (all of a row's problems, in Chinese) show under the fields. */
export function SourceItemFormModal({ kind, item, me, onClose }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const lookups = useDirectoryLookups();
  const queryClient = useQueryClient();
  const keepsAll = me?.role === Role.EcologyBranch || me?.role === Role.SystemAdmin;
  const units = useQuery({
    queryKey: ['units', 'all'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    enabled: keepsAll && !item,
  });
  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const body: FormValues = {
        ...values,
        creditCode: values.creditCode?.trim() || null,
        address: values.address?.trim() || null,
        divisionId: values.divisionId ?? null,
      };
      if (!item) return createSourceItem({ ...body, kind });
      // the keeping unit is set at creation only
      const { ownerUnitId: _ownerUnitId, ...changes } = body;
      return updateSourceItem(item.id, { ...changes, version: item.version });
    },
    onSuccess: async () => {
      await Promise.all(
        ['source-lists', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      void message.success(t('sourceLists.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const kindLabel = label(SOURCE_LIST_KIND_LABELS, kind);
  return (
    <Modal
      open
      width={720}
      title={t(item ? 'sourceLists.formTitleEdit' : 'sourceLists.formTitleNew', { kind: kindLabel })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="source-item-form"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        className="compact-form"
        initialValues={item ?? {}}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          {keepsAll && !item && (
            <Col span={24}>
              <Form.Item
                name="ownerUnitId"
                label={t('sourceLists.field.ownerUnitId')}
                extra={t('sourceLists.field.ownerHint')}
              >
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
                />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="name" label={t('sourceLists.field.name')}>
              <Input maxLength={200} data-testid="source-item-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="creditCode" label={t('sourceLists.field.creditCode')}>
              <Input maxLength={18} data-testid="source-item-credit-code" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="longitude" label={t('sourceLists.field.longitude')}>
              <InputNumber className="full-width" step={0.0001} data-testid="source-item-longitude" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="latitude" label={t('sourceLists.field.latitude')}>
              <InputNumber className="full-width" step={0.0001} data-testid="source-item-latitude" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="divisionId"
              label={t('sourceLists.field.divisionId')}
              extra={t('sourceLists.field.divisionHint')}
            >
              <Select
                allowClear
                options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('sourceLists.field.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          {kind === SourceListKind.IndustrialEnterprise && (
            <Col span={12}>
              <Form.Item
                name="industryCode"
                label={t('sourceLists.field.industryCode')}
                extra={t('sourceLists.field.industryHint')}
              >
                <Input maxLength={5} data-testid="source-item-industry-code" />
              </Form.Item>
            </Col>
          )}
          {kind !== SourceListKind.IndustrialEnterprise && (
            <Col span={12}>
              <Form.Item name="species" label={t('sourceLists.field.species')}>
                <Input maxLength={50} data-testid="source-item-species" />
              </Form.Item>
            </Col>
          )}
          {kind === SourceListKind.LivestockFarm && (
            <Col span={12}>
              <Form.Item name="headCount" label={t('sourceLists.field.headCount')}>
                <InputNumber className="full-width" precision={0} data-testid="source-item-head-count" />
              </Form.Item>
            </Col>
          )}
          {kind === SourceListKind.AquacultureFarm && (
            <Col span={12}>
              <Form.Item name="areaMu" label={t('sourceLists.field.areaMu')}>
                <InputNumber className="full-width" step={0.1} data-testid="source-item-area" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
