import { Problem, PROBLEMS, TARGET_STATE_LABELS, TargetState, UnitKind } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Typography,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/api-error';
import { createPlan, updatePlan } from '../api';
import type { OutfallRef } from '../../monitoring/types';
import type { PlanInput, PlanMilestone, PlanMilestoneInput, PlanRow } from '../types';
import { getOutfall } from '../../outfalls/api';
import { listUnits } from '../../units/api';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n, type I18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';

export interface MilestoneValues {
  name?: string;
  plannedOn?: Dayjs;
  actualOn?: Dayjs;
  note?: string;
}

interface FormValues {
  outfallId?: string;
  problems?: Problem[];
  problemNotes?: string;
  measures?: string;
  targetState?: TargetState;
  mergeIntoId?: string;
  responsibleUnitId?: string;
  responsiblePerson?: string;
  responsiblePhone?: string;
  deadline?: Dayjs;
  milestones?: MilestoneValues[];
}

/** The form's fields, by the names the API uses in its error details. */
const FIELDS = [
  'outfallId',
  'problems',
  'problemNotes',
  'measures',
  'targetState',
  'mergeIntoId',
  'responsibleUnitId',
  'responsiblePerson',
  'responsiblePhone',
  'deadline',
  'milestones',
] as const;
const MILESTONE_FIELDS = ['name', 'plannedOn', 'actualOn', 'note'];
const DAY = 'YYYY-MM-DD';
/** The API's rule: a mobile number (1 + 10 digits) or a landline with its area code (0xx-xxxxxxx). */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/**
 * Where an API field error belongs in the form: `plan.measures` (a draft's PATCH) → measures,
 * `milestones[1].plannedOn` → milestones / 1 / plannedOn; undefined when the form has no such field.
 */
export function formFieldOf(field: string): (string | number)[] | undefined {
  const path = field.replace(/^plan\./, '');
  const milestone = /^milestones\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (milestone) {
    const [, index, name] = milestone;
    if (!name) return ['milestones', Number(index), 'name'];
    return MILESTONE_FIELDS.includes(name) ? ['milestones', Number(index), name] : undefined;
  }
  return (FIELDS as readonly string[]).includes(path) && path !== 'milestones' ? [path] : undefined;
}

function placeErrors(
  form: FormInstance<FormValues>,
  error: unknown,
  i18n: Pick<I18n, 'tMaybe' | 'locale'>,
): void {
  const placed = [...fieldErrorLines(error, i18n)]
    .map(([field, errors]) => ({ name: formFieldOf(field), errors }))
    .filter((entry): entry is { name: (string | number)[]; errors: string[] } => entry.name !== undefined);
  form.setFields(placed.map(({ name, errors }) => ({ name: name as never, errors })));
}

/** An alert above the form: errors that name no field of the form (or none at all), and version conflicts. */
function needsAlert(error: unknown): boolean {
  if (!error) return false;
  if (!(error instanceof ApiError) || error.code === 'VERSION_CONFLICT') return true;
  const names = [...error.fieldErrors().keys()];
  return names.length === 0 || names.some((name) => !formFieldOf(name));
}

function toInput(values: FormValues): PlanInput {
  const text = (value: string | undefined) => value?.trim() || undefined;
  return {
    problems: values.problems ?? [],
    problemNotes: text(values.problemNotes),
    measures: values.measures?.trim() ?? '',
    targetState: values.targetState as TargetState,
    mergeIntoId: values.targetState === TargetState.MergedInto ? values.mergeIntoId : undefined,
    responsibleUnitId: values.responsibleUnitId ?? '',
    responsiblePerson: values.responsiblePerson?.trim() ?? '',
    responsiblePhone: values.responsiblePhone?.trim() ?? '',
    deadline: values.deadline?.format(DAY) ?? '',
    milestones: toMilestoneInputs(values.milestones),
  };
}

/** The form's milestones as the API takes them. */
export function toMilestoneInputs(milestones: MilestoneValues[] | undefined): PlanMilestoneInput[] {
  return (milestones ?? []).map((milestone) => ({
    name: milestone.name?.trim() ?? '',
    plannedOn: milestone.plannedOn?.format(DAY) ?? '',
    actualOn: milestone.actualOn?.format(DAY),
    note: milestone.note?.trim() || undefined,
  }));
}

/** The plan's milestones as form values. */
export function fromMilestones(milestones: PlanMilestone[]): MilestoneValues[] {
  return milestones.map((milestone) => ({
    name: milestone.name,
    plannedOn: dayjs(milestone.plannedOn),
    actualOn: milestone.actualOn ? dayjs(milestone.actualOn) : undefined,
    note: milestone.note ?? undefined,
  }));
}

function fromPlan(plan: PlanRow): FormValues {
  return {
    outfallId: plan.outfallId,
    problems: plan.problems,
    problemNotes: plan.problemNotes ?? undefined,
    measures: plan.measures,
    targetState: plan.targetState,
    mergeIntoId: plan.mergeIntoId ?? undefined,
    responsibleUnitId: plan.responsibleUnitId,
    responsiblePerson: plan.responsiblePerson,
    responsiblePhone: plan.responsiblePhone,
    deadline: dayjs(plan.deadline),
    milestones: fromMilestones(plan.milestones),
  };
}

interface Props {
  /** Edit this (draft) plan; without it a new plan is drafted. */
  plan?: PlanRow;
  /** A new plan for this outfall (shown, not changeable); without it (and without `plan`) the user picks one. */
  outfall?: OutfallRef;
  /** Defaults for a new plan (e.g. the problems and target the disposition suggests). */
  defaults?: Pick<FormValues, 'problems' | 'targetState'>;
  onClose(): void;
  onSaved(plan: PlanRow): void;
}

/**
 * 一口一策: drafts a plan (新建整治方案) or edits a draft (编辑整治方案) — the problems, measures, target state,
 * responsible unit, person and phone, the deadline and the milestones. Checks mirror the API's; the API's own
 * field errors land on the fields, a stale version asks the user to reload.
 */
export function PlanFormModal({ plan, outfall, defaults, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const targetState = Form.useWatch('targetState', form);
  const outfallId = Form.useWatch('outfallId', form);
  const queryClient = useQueryClient();
  const units = useQuery({
    queryKey: ['units', 'plan-form'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
  });
  const locked = plan?.outfall ?? outfall;
  // 属地责任: a new plan's responsible unit starts as the township (sub-district) unit of the outfall's division
  const chosenOutfall = plan ? undefined : (outfallId ?? locked?.id);
  const outfallDetail = useQuery({
    queryKey: ['outfalls', 'detail', chosenOutfall],
    queryFn: ({ signal }) => getOutfall(chosenOutfall ?? '', signal),
    enabled: !!chosenOutfall,
    staleTime: 60_000,
  });
  const divisionId = outfallDetail.data?.divisionId ?? locked?.divisionId;
  const prefilledUnit = useMemo(
    () =>
      plan || !divisionId
        ? undefined
        : units.data?.items.find(
            (unit) => unit.kind === UnitKind.Township && unit.division?.id === divisionId,
          ),
    [plan, divisionId, units.data],
  );
  useEffect(() => {
    if (prefilledUnit && !form.isFieldTouched('responsibleUnitId'))
      form.setFieldsValue({ responsibleUnitId: prefilledUnit.id });
  }, [prefilledUnit, form]);
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      plan
        ? updatePlan(plan.id, {
            version: plan.version,
            // the API replaces the before photos with what `plan` carries (none when absent): keep them
            plan: { ...toInput(values), beforePhotoIds: plan.beforePhotoIds },
          })
        : createPlan({ ...toInput(values), outfallId: values.outfallId ?? '' }),
    onSuccess: async (saved) => {
      await Promise.all(
        ['plans', 'dispositions', 'outfalls', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      void message.success(t(plan ? 'planForm.updated' : 'planForm.created'));
      onSaved(saved);
    },
    onError: (error) => placeErrors(form, error, i18n),
  });
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: ['plans'] });
    onClose();
  };
  const required = (field: string) => ({ required: true, message: t('outfallForm.required', { field }) });
  const requiredText = (field: string) => ({ ...required(field), whitespace: true });

  return (
    <Modal
      open
      width={820}
      title={
        plan
          ? t('planForm.editTitle', { code: plan.outfall.localCode })
          : locked
            ? t('planForm.createTitleFor', { code: locked.localCode })
            : t('planForm.createTitle')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: conflict, 'data-testid': 'plan-form-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="plan-form"
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          message={t('planForm.conflict')}
          description={t('planForm.conflictHint')}
          action={
            <Button onClick={() => void reload()} data-testid="plan-form-reload">
              {t('planForm.reload')}
            </Button>
          }
          data-testid="plan-form-conflict"
        />
      ) : (
        needsAlert(save.error) && (
          <ApiErrorAlert error={save.error} className="form-alert" data-testid="plan-form-error" />
        )
      )}
      {units.error && (
        <ApiErrorAlert
          error={units.error}
          title={t('planForm.unitsLoadError')}
          onRetry={() => void units.refetch()}
          className="form-alert"
        />
      )}
      <Form<FormValues>
        form={form}
        name="plan"
        layout="vertical"
        className="compact-form"
        initialValues={
          plan
            ? fromPlan(plan)
            : {
                outfallId: outfall?.id,
                milestones: [],
                problems: defaults?.problems,
                targetState: defaults?.targetState,
              }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="outfallId"
              label={t('planForm.outfall')}
              rules={[required(t('planForm.outfall'))]}
            >
              {locked ? (
                <Select
                  disabled
                  options={[{ value: locked.id, label: `${locked.localCode} ${locked.name}` }]}
                  data-testid="plan-form-outfall"
                />
              ) : (
                <OutfallPicker data-testid="plan-form-outfall" />
              )}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="targetState"
              label={t('plan.targetState')}
              rules={[required(t('plan.targetState'))]}
            >
              <Select<TargetState>
                options={Object.values(TargetState).map((value) => ({
                  value,
                  label: label(TARGET_STATE_LABELS, value),
                }))}
                data-testid="plan-form-target"
              />
            </Form.Item>
          </Col>
          {targetState === TargetState.MergedInto && (
            <Col span={24}>
              <Form.Item
                name="mergeIntoId"
                label={t('planForm.mergeInto')}
                extra={t('planForm.mergeIntoHint')}
                rules={[required(t('planForm.mergeInto'))]}
              >
                <OutfallPicker exclude={outfallId} data-testid="plan-form-merge-into" />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="problems" label={t('plan.problems')} rules={[{ type: 'array', max: 20 }]}>
              <Select<Problem[]>
                mode="multiple"
                allowClear
                optionFilterProp="label"
                options={Object.values(Problem).map((value) => ({ value, label: label(PROBLEMS, value) }))}
                data-testid="plan-form-problems"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="problemNotes" label={t('plan.problemNotes')} rules={[{ max: 4000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="measures"
              label={t('plan.measures')}
              rules={[requiredText(t('plan.measures')), { max: 4000 }]}
            >
              <Input.TextArea rows={3} data-testid="plan-form-measures" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="responsibleUnitId"
              label={t('plan.responsibleUnit')}
              rules={[required(t('plan.responsibleUnit'))]}
              extra={
                prefilledUnit && (
                  <span data-testid="plan-form-unit-hint">
                    {t('planForm.unitPrefilled', { unit: prefilledUnit.name })}
                  </span>
                )
              }
            >
              <Select<string>
                showSearch
                optionFilterProp="label"
                loading={units.isLoading}
                notFoundContent={t('planForm.noUnits')}
                options={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
                data-testid="plan-form-unit"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="deadline" label={t('plan.deadline')} rules={[required(t('plan.deadline'))]}>
              <DatePicker className="full-width" data-testid="plan-form-deadline" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="responsiblePerson"
              label={t('plan.responsiblePerson')}
              rules={[requiredText(t('plan.responsiblePerson')), { max: 50 }]}
            >
              <Input data-testid="plan-form-person" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="responsiblePhone"
              label={t('planForm.phone')}
              extra={t('planForm.phoneHint')}
              rules={[
                required(t('planForm.phone')),
                { pattern: PHONE_PATTERN, message: t('planForm.phoneInvalid') },
              ]}
            >
              <Input data-testid="plan-form-phone" />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>
          {t('plan.milestones')}
        </Divider>
        <MilestoneFields />
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** The API takes at most 30 milestones. */
function maxMilestones(message: string) {
  return (_: unknown, value: MilestoneValues[] | undefined) =>
    (value?.length ?? 0) > 30 ? Promise.reject(new Error(message)) : Promise.resolve();
}

/** The milestone list (name + planned date, optional actual date and note), shared with the milestones modal. */
export function MilestoneFields() {
  const { t } = useI18n();
  const required = (field: string) => ({ required: true, message: t('outfallForm.required', { field }) });
  const requiredText = (field: string) => ({ ...required(field), whitespace: true });
  return (
    <Form.List name="milestones" rules={[{ validator: maxMilestones(t('planForm.tooManyMilestones')) }]}>
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="plan-form-milestones">
          {fields.length === 0 && (
            <Typography.Paragraph type="secondary">{t('plan.noMilestones')}</Typography.Paragraph>
          )}
          {fields.map((field) => (
            <Row gutter={8} key={field.key} data-testid="plan-form-milestone">
              <Col span={7}>
                <Form.Item
                  name={[field.name, 'name']}
                  label={t('plan.milestoneName')}
                  rules={[requiredText(t('plan.milestoneName')), { max: 100 }]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item
                  name={[field.name, 'plannedOn']}
                  label={t('plan.plannedOn')}
                  rules={[required(t('plan.plannedOn'))]}
                >
                  <DatePicker className="full-width" />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name={[field.name, 'actualOn']} label={t('plan.actualOn')}>
                  <DatePicker className="full-width" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[field.name, 'note']} label={t('field.note')} rules={[{ max: 500 }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={1}>
                <Form.Item label=" ">
                  <Button
                    type="text"
                    danger
                    aria-label={t('planForm.removeMilestone')}
                    title={t('planForm.removeMilestone')}
                    onClick={() => remove(field.name)}
                  >
                    ×
                  </Button>
                </Form.Item>
              </Col>
            </Row>
          ))}
          <Space direction="vertical" className="full-width">
            <Button type="dashed" block onClick={() => add({})} data-testid="plan-form-add-milestone">
              {t('planForm.addMilestone')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Space>
        </div>
      )}
    </Form.List>
  );
}
