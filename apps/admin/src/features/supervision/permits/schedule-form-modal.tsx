import { MONITORING_FREQUENCY_LABELS, MonitoringFrequency } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useIndicators } from '../../monitoring/api';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { OutfallPicker } from '../../outfalls/components/outfall-picker';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { createSchedule, updateSchedule, type Schedule } from './permits.api';

interface FormValues {
  outfallId?: string;
  unitId?: string;
  frequency?: MonitoringFrequency;
  startOn?: Dayjs;
  endOn?: Dayjs;
  indicatorCodes?: string[];
  notes?: string;
}

const FIELDS = ['outfallId', 'unitId', 'frequency', 'startOn', 'endOn', 'indicatorCodes', 'notes'] as const;
const DAY = 'YYYY-MM-DD';

/** A recurring monitoring schedule: the outfall, who samples, how often, from when, which indicators. */
export function ScheduleFormModal({
  schedule,
  outfallId,
  onClose,
}: {
  schedule?: Schedule;
  outfallId?: string;
  onClose(): void;
}) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const indicators = useIndicators();
  const queryClient = useQueryClient();
  const units = useQuery({
    queryKey: ['units', 'schedule-form'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
  });
  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const input = {
        outfallId: values.outfallId ?? '',
        unitId: values.unitId ?? '',
        frequency: values.frequency as MonitoringFrequency,
        startOn: values.startOn?.format(DAY) ?? '',
        endOn: values.endOn?.format(DAY),
        indicatorCodes: values.indicatorCodes ?? [],
        notes: values.notes?.trim() || undefined,
      };
      return schedule
        ? updateSchedule(schedule.id, { ...input, version: schedule.version })
        : createSchedule(input);
    },
    onSuccess: async () => {
      await Promise.all(
        ['monitoring-schedules', 'permit-status', 'monitoring-findings', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      void message.success(t(schedule ? 'permits.schedules.updated' : 'permits.schedules.created'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const required = (field: string) => ({ required: true, message: t('permits.form.required', { field }) });
  return (
    <Modal
      open
      width={720}
      title={t(schedule ? 'permits.schedules.editTitle' : 'permits.schedules.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'schedule-form-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="schedule-form"
    >
      {needsFormAlert(save.error, FIELDS) && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="schedule-form-error" />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        className="compact-form"
        initialValues={
          schedule
            ? {
                outfallId: schedule.outfallId,
                unitId: schedule.unitId,
                frequency: schedule.frequency,
                startOn: dayjs(schedule.startOn),
                endOn: schedule.endOn ? dayjs(schedule.endOn) : undefined,
                indicatorCodes: schedule.indicatorCodes,
                notes: schedule.notes ?? undefined,
              }
            : { outfallId, frequency: MonitoringFrequency.Quarterly }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="outfallId"
              label={t('monitoring.col.outfall')}
              rules={[required(t('monitoring.col.outfall'))]}
            >
              {schedule ? (
                <Select
                  disabled
                  options={[
                    {
                      value: schedule.outfallId,
                      label: `${schedule.outfall.localCode} ${schedule.outfall.name}`,
                    },
                  ]}
                />
              ) : (
                <OutfallPicker data-testid="schedule-form-outfall" />
              )}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="unitId"
              label={t('permits.schedules.unit')}
              rules={[required(t('permits.schedules.unit'))]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                loading={units.isLoading}
                options={(units.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
                data-testid="schedule-form-unit"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="frequency"
              label={t('permits.findings.frequency')}
              rules={[required(t('permits.findings.frequency'))]}
            >
              <Select
                options={Object.values(MonitoringFrequency).map((value) => ({
                  value,
                  label: label(MONITORING_FREQUENCY_LABELS, value),
                }))}
                data-testid="schedule-form-frequency"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="startOn"
              label={t('permits.schedules.startOn')}
              rules={[required(t('permits.schedules.startOn'))]}
            >
              <DatePicker className="full-width" data-testid="schedule-form-start" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="endOn" label={t('permits.schedules.endOn')}>
              <DatePicker className="full-width" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="indicatorCodes" label={t('permits.schedules.indicators')}>
              <Select
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
            <Form.Item name="notes" label={t('permits.notes')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
