import { Alert, Checkbox, Form } from 'antd';
import { getOutfall } from '../outfalls/api';
import { OutfallPicker } from '../outfalls/components/outfall-picker';
import { useI18n } from '../../i18n/i18n-context';
import { FormModal } from '../../shared/ui/form-modal';
import { setOutfallEntities } from './api';
import type { EditableEntity, EntityLinkInput } from './entities.types';

const FIELDS = ['outfallId', 'isMain', 'meteringInstalled', 'links'] as const;
const INVALIDATES = ['responsible-entities', 'outfalls', 'outfall'] as const;

interface Values {
  outfallId: string;
  isMain?: boolean;
  meteringInstalled?: boolean;
}

/**
 * Links the entity to an outfall, keeping the outfall's other entities: as main, the others become
 * cooperating; the township fallback goes once a real entity answers for the outfall.
 */
export function EntityLinkModal({ entity, onClose }: { entity: EditableEntity; onClose(): void }) {
  const { t } = useI18n();
  return (
    <FormModal<Values>
      title={t('entityAdmin.linkTitle', { name: entity.name })}
      fields={FIELDS}
      invalidates={INVALIDATES}
      successText={t('entityAdmin.linked')}
      testId="entity-link"
      initialValues={{ isMain: true, meteringInstalled: false }}
      save={async (values) => {
        const outfall = await getOutfall(values.outfallId);
        const others: EntityLinkInput[] = outfall.entities
          .filter((link) => !link.isFallback && link.entityId !== entity.id)
          .map((link) => ({
            entityId: link.entityId,
            isMain: link.isMain,
            meteringInstalled: link.meteringInstalled,
          }));
        // the only entity is the main one; a new main one demotes the previous
        const isMain = values.isMain || !others.some((link) => link.isMain);
        const links = [
          ...others.map((link) => (isMain ? { ...link, isMain: false } : link)),
          { entityId: entity.id, isMain, meteringInstalled: values.meteringInstalled ?? false },
        ];
        return setOutfallEntities(values.outfallId, links);
      }}
      onClose={onClose}
    >
      <Alert type="info" showIcon className="form-alert" message={t('entityAdmin.linkHint')} />
      <Form.Item
        name="outfallId"
        label={t('entityAdmin.outfall')}
        rules={[{ required: true, message: t('entityAdmin.required') }]}
      >
        <OutfallPicker data-testid="entity-link-outfall" />
      </Form.Item>
      <Form.Item name="isMain" valuePropName="checked">
        <Checkbox data-testid="entity-link-main">{t('entityAdmin.isMain')}</Checkbox>
      </Form.Item>
      <Form.Item name="meteringInstalled" valuePropName="checked">
        <Checkbox>{t('entityAdmin.metering')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
