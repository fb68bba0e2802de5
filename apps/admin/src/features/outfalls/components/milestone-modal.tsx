import {
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  MILESTONE_RULES,
  type MilestoneType,
} from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { setMilestone } from '../api';
import type { OutfallDetail, OutfallEvent } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { milestoneBounds } from './milestone-bounds.util';

interface FormValues {
  type: MilestoneType;
  effectiveOn?: Dayjs;
  note?: string;
}

const FIELDS = ['type', 'effectiveOn', 'note'] as const;
const NOTE_MAX = 500;

/** The milestones a person may enter or correct; the others belong to their workflows (docs/milestones.md). */
const HAND_SET = MILESTONE_ORDER.filter((type) => MILESTONE_RULES[type].setBy === 'hand');

/** The hand-set milestone after the latest one entered (the last one when all are in). */
function nextMilestone(events: readonly OutfallEvent[]): MilestoneType {
  const latest = Math.max(-1, ...events.map((event) => HAND_SET.indexOf(event.type)));
  return HAND_SET[Math.min(latest + 1, HAND_SET.length - 1)];
}

interface Props {
  outfall: OutfallDetail;
  /** The milestone to correct; none to enter the next one. */
  type?: MilestoneType;
  onClose(): void;
  onSaved(): void;
}

/**
 * Enters or corrects a dated milestone (the date it happened in the field). The API keeps the milestones in
 * order and refuses future dates or dates before discovery; its message shows under the date.
 */
export function MilestoneModal({ outfall, type, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const initialType = type && HAND_SET.includes(type) ? type : nextMilestone(outfall.events);
  const existing = (milestone: MilestoneType | undefined) =>
    outfall.events.find((event) => event.type === milestone);
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      setMilestone(outfall.id, values.type, {
        effectiveOn: values.effectiveOn?.format('YYYY-MM-DD') ?? '',
        note: values.note?.trim() || undefined,
      }),
    onSuccess: async () => {
      await Promise.all(
        ['outfalls', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      onSaved();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const current = existing(initialType);
  const chosen = Form.useWatch('type', form) ?? initialType;
  // the days the API accepts, named after what sets each bound (so the hint says what will satisfy the rule)
  const bounds = milestoneBounds(chosen, outfall.events, outfall.discoveredOn, dayjs().format('YYYY-MM-DD'));
  const boundHint = t('milestone.boundsHint', {
    from: bounds.from.date,
    fromWhat: bounds.from.type ? label(MILESTONE_LABELS, bounds.from.type) : t('field.discoveredOn'),
    to: bounds.to.date,
    toWhat: bounds.to.type ? label(MILESTONE_LABELS, bounds.to.type) : t('milestone.today'),
  });
  const outside = (date: Dayjs) =>
    date.isBefore(dayjs(bounds.from.date), 'day') || date.isAfter(dayjs(bounds.to.date), 'day');

  return (
    <Modal
      open
      title={t('milestone.title', { code: outfall.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="milestone-modal"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Alert
        type="info"
        showIcon
        className="form-alert"
        message={t('milestone.workflowOwnedHint')}
        data-testid="milestone-workflow-hint"
      />
      <Form<FormValues>
        form={form}
        name="milestone"
        layout="vertical"
        initialValues={{
          type: initialType,
          effectiveOn: current ? dayjs(current.effectiveOn) : undefined,
          note: current?.note ?? undefined,
        }}
        onValuesChange={(changed: Partial<FormValues>) => {
          // switching to a milestone already entered loads it for correction
          if (changed.type) {
            const event = existing(changed.type);
            form.setFieldsValue({
              effectiveOn: event ? dayjs(event.effectiveOn) : undefined,
              note: event?.note ?? undefined,
            });
          }
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="type" label={t('milestone.type')}>
          <Select<MilestoneType>
            options={HAND_SET.map((milestone) => ({
              value: milestone,
              label: existing(milestone)
                ? t('milestone.typeDone', {
                    label: label(MILESTONE_LABELS, milestone),
                    date: existing(milestone)?.effectiveOn ?? '',
                  })
                : label(MILESTONE_LABELS, milestone),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="effectiveOn"
          label={t('milestone.effectiveOn')}
          extra={<span data-testid="milestone-bounds">{boundHint}</span>}
          rules={[
            { required: true, message: t('outfallForm.required', { field: t('milestone.effectiveOn') }) },
            {
              validator: (_, value?: Dayjs) =>
                !value || !outside(value) ? Promise.resolve() : Promise.reject(new Error(boundHint)),
            },
          ]}
        >
          <DatePicker className="full-width" disabledDate={outside} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('field.note')}
          rules={[{ max: NOTE_MAX, message: t('liaison.tooLong', { max: NOTE_MAX }) }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
