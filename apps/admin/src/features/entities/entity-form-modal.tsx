import { ENTITY_KIND_LABELS, EntityKind } from '@outfall/shared-types';
import { Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { useI18n } from '../../i18n/i18n-context';
import { FormModal } from '../../shared/ui/form-modal';
import { createEntity, updateEntity } from './api';
import type { EditableEntity, EntityInput } from './entities.types';

const FIELDS = [
  'name',
  'kind',
  'creditCode',
  'legalRepresentative',
  'contactName',
  'contactPhone',
  'address',
  'divisionId',
  'industryCode',
  'inIndustrialPark',
] as const;
const INVALIDATES = ['responsible-entities', 'outfalls'] as const;

const blankToUndefined = (value: string | undefined) => value?.trim() || undefined;

/** New or edited responsible entity (责任主体); the API's field errors show under each field. */
export function EntityFormModal({ entity, onClose }: { entity?: EditableEntity; onClose(): void }) {
  const { t, label } = useI18n();
  const lookups = useDirectoryLookups();
  const required = { required: true, message: t('entityAdmin.required') };
  return (
    <FormModal<EntityInput>
      width={760}
      title={entity ? t('entityAdmin.editTitle', { name: entity.name }) : t('entityAdmin.createTitle')}
      fields={FIELDS}
      invalidates={INVALIDATES}
      successText={t('entityAdmin.saved')}
      testId="entity-form"
      initialValues={
        entity
          ? {
              name: entity.name,
              kind: entity.kind,
              creditCode: entity.creditCode ?? undefined,
              legalRepresentative: entity.legalRepresentative ?? undefined,
              contactName: entity.contactName ?? undefined,
              contactPhone: entity.contactPhone ?? undefined,
              address: entity.address ?? undefined,
              divisionId: entity.divisionId,
              industryCode: entity.industryCode ?? undefined,
              inIndustrialPark: entity.inIndustrialPark,
            }
          : { kind: EntityKind.Enterprise, inIndustrialPark: false }
      }
      save={(values) => {
        const body: EntityInput = {
          name: values.name.trim(),
          kind: values.kind,
          creditCode: blankToUndefined(values.creditCode),
          legalRepresentative: blankToUndefined(values.legalRepresentative),
          contactName: blankToUndefined(values.contactName),
          contactPhone: blankToUndefined(values.contactPhone),
          address: blankToUndefined(values.address),
          divisionId: values.divisionId,
          industryCode: blankToUndefined(values.industryCode ?? undefined),
          inIndustrialPark: values.inIndustrialPark ?? false,
        };
        return entity ? updateEntity(entity.id, { ...body, version: entity.version }) : createEntity(body);
      }}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col span={16}>
          <Form.Item name="name" label={t('entities.col.name')} rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={100} data-testid="entity-form-name" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="kind" label={t('entities.col.kind')} rules={[required]}>
            <Select<EntityKind>
              options={Object.values(EntityKind).map((value) => ({
                value,
                label: label(ENTITY_KIND_LABELS, value),
              }))}
              data-testid="entity-form-kind"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="creditCode"
            label={t('entities.col.creditCode')}
            extra={t('entityAdmin.creditHint')}
          >
            <Input maxLength={18} data-testid="entity-form-credit" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="divisionId" label={t('entities.col.township')} rules={[required]}>
            <Select<string>
              showSearch
              optionFilterProp="label"
              options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
              data-testid="entity-form-division"
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="legalRepresentative" label={t('entityAdmin.legalRepresentative')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactName" label={t('entities.col.contact')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactPhone" label={t('entityAdmin.contactPhone')}>
            <Input maxLength={20} data-testid="entity-form-phone" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('entityAdmin.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="industryCode"
            label={t('entityAdmin.industryCode')}
            extra={t('entityAdmin.industryHint')}
          >
            <Input maxLength={5} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="inIndustrialPark" valuePropName="checked" label={t('entities.parkTag')}>
            <Checkbox>{t('entityAdmin.inPark')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
