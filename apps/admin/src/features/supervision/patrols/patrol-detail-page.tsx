import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  OUTFALL_CATEGORY_LABELS,
  PATROL_FINDING_KIND_LABELS,
  PATROL_FLOW_LABELS,
  Permission,
  TARGET_STATE_LABELS,
  TargetState,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { listUnits } from '../../units/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  deletePatrol,
  getPatrol,
  openPlanFromFinding,
  photoObjectUrl,
  type PatrolFinding,
  type PatrolPhoto,
  type PatrolRow,
} from './patrols.api';

/** A photo behind the bearer token (fetched as a blob, shown as an image with a preview). */
function PatrolPhotoImage({ photo }: { photo: PatrolPhoto }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let revoked = false;
    let made: string | null = null;
    void photoObjectUrl(photo).then((u) => {
      made = u;
      if (revoked) URL.revokeObjectURL(u);
      else setUrl(u);
    });
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo]);
  return url ? (
    <Image
      src={url}
      width={160}
      height={120}
      style={{ objectFit: 'cover' }}
      alt={photo.fileName}
      data-testid="patrol-photo"
    />
  ) : (
    <Spin />
  );
}

/** 巡查记录详情: who, when, where (distance from the outfall, flagged), the checklist, findings, photos. */
export function PatrolDetailPage() {
  const { id = '' } = useParams();
  const { t, label, dateTime } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [planFor, setPlanFor] = useState<PatrolFinding | null>(null);
  const patrol = useQuery({
    queryKey: ['patrols', 'one', id],
    queryFn: ({ signal }) => getPatrol(id, signal),
  });
  const remove = useMutation({
    mutationFn: () => deletePatrol(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patrols'] });
      void message.success(t('patrols.saved'));
      void navigate('/patrols');
    },
  });
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/patrols')}>
      {t('patrols.detail.back')}
    </Button>
  );
  if (patrol.error)
    return (
      <>
        {back}
        <ApiErrorAlert
          error={patrol.error}
          title={t('common.loadError')}
          onRetry={() => void patrol.refetch()}
        />
      </>
    );
  if (!patrol.data)
    return (
      <div className="drawer-loading">
        <Spin />
      </div>
    );
  const p: PatrolRow = patrol.data;
  const yes = (v: boolean) => t(v ? 'patrols.yes' : 'patrols.no');
  return (
    <div data-testid="patrol-detail">
      <div className="page-header">
        <Typography.Title level={3}>
          {t('patrols.detail.title')} · {p.outfall.localCode}
        </Typography.Title>
        <Space>
          {back}
          {can(Permission.PatrolWrite) && (
            <Popconfirm title={t('patrols.detail.deleteConfirm')} onConfirm={() => remove.mutate()}>
              <Button danger loading={remove.isPending}>
                {t('patrols.detail.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      {remove.error && <ApiErrorAlert error={remove.error} className="form-alert" />}
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} data-testid="patrol-facts">
        <Descriptions.Item label={t('patrols.col.outfall')}>
          {p.outfall.localCode} {p.outfall.name} · {label(OUTFALL_CATEGORY_LABELS, p.outfall.category)}
        </Descriptions.Item>
        <Descriptions.Item label={t('patrols.col.unit')}>{p.unit?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.col.at')}>{dateTime(p.patrolledAt)}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.detail.patrolDay')}>{p.patrolDay}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.col.people')}>{p.patrollerNames}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.detail.recordedBy')}>{p.recordedBy}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.detail.gps')}>
          {p.longitude.toFixed(6)}, {p.latitude.toFixed(6)}
        </Descriptions.Item>
        <Descriptions.Item label={t('patrols.col.distance')}>
          <Space>
            <span data-testid="patrol-distance">{t('patrols.metres', { n: Math.round(p.distanceM) })}</span>
            {p.distanceFlagged && (
              <Tag color="red" data-testid="patrol-distance-flag">
                {t('patrols.flagged', { n: p.distanceLimitM })}
              </Tag>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.signIntact')}>{yes(p.signIntact)}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.discharging')}>{yes(p.discharging)}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.colourAbnormal')}>
          {yes(p.colourAbnormal)}
        </Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.odourAbnormal')}>{yes(p.odourAbnormal)}</Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.flow')}>
          {label(PATROL_FLOW_LABELS, p.flowEstimate)}
        </Descriptions.Item>
        <Descriptions.Item label={t('patrols.form.newPipes')}>{yes(p.newPipesNearby)}</Descriptions.Item>
        {p.notes && <Descriptions.Item label={t('patrols.form.notes')}>{p.notes}</Descriptions.Item>}
      </Descriptions>
      <Card size="small" title={t('patrols.detail.findings')} className="patrol-detail-card">
        <List<PatrolFinding>
          dataSource={p.findings ?? []}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrols.detail.noFindings')} />
            ),
          }}
          renderItem={(f) => (
            <List.Item
              data-testid="patrol-finding"
              actions={[
                f.remediationPlanId ? (
                  <Tag color="green" data-testid="finding-plan-linked">
                    {t('patrols.detail.planLinked')}
                  </Tag>
                ) : can(Permission.RemediationWrite) ? (
                  <Button size="small" onClick={() => setPlanFor(f)} data-testid="finding-open-plan">
                    {t('patrols.detail.openPlan')}
                  </Button>
                ) : null,
                f.enforcementCaseId ? <Tag color="purple">{t('patrols.detail.caseLinked')}</Tag> : null,
              ].filter(Boolean)}
            >
              <List.Item.Meta title={label(PATROL_FINDING_KIND_LABELS, f.kind)} description={f.description} />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('patrols.detail.photos')} className="patrol-detail-card">
        {(p.photos ?? []).length ? (
          <Image.PreviewGroup>
            <Space wrap>
              {(p.photos ?? []).map((photo) => (
                <PatrolPhotoImage key={photo.id} photo={photo} />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrols.detail.noPhotos')} />
        )}
      </Card>
      {planFor && <FindingPlanModal finding={planFor} patrol={p} onClose={() => setPlanFor(null)} />}
    </div>
  );
}

const PLAN_FIELDS = [
  'measures',
  'targetState',
  'responsibleUnitId',
  'responsiblePerson',
  'responsiblePhone',
  'deadline',
] as const;

interface PlanValues {
  measures: string;
  targetState: TargetState;
  responsibleUnitId: string;
  responsiblePerson: string;
  responsiblePhone: string;
  deadline: Dayjs;
}

/** Opens the outfall's remediation plan from a finding (the remediation rules apply; refusals show here). */
function FindingPlanModal({
  finding,
  patrol,
  onClose,
}: {
  finding: PatrolFinding;
  patrol: PatrolRow;
  onClose(): void;
}) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanValues>();
  const units = useQuery({
    queryKey: ['units', 'plan-form'],
    queryFn: ({ signal }) => listUnits({ limit: 200, offset: 0 }, signal),
    staleTime: 5 * 60_000,
  });
  const save = useMutation({
    mutationFn: (v: PlanValues) =>
      openPlanFromFinding(finding.id, {
        measures: v.measures,
        targetState: v.targetState,
        responsibleUnitId: v.responsibleUnitId,
        responsiblePerson: v.responsiblePerson,
        responsiblePhone: v.responsiblePhone,
        deadline: v.deadline.format('YYYY-MM-DD'),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patrols'] });
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
      void message.success(t('patrols.plan.created'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, PLAN_FIELDS, i18n),
  });
  const required = (field: string) => ({ required: true, message: t('patrols.form.required', { field }) });
  return (
    <Modal
      open
      title={t('patrols.plan.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'finding-plan-ok' } as never}
      destroyOnHidden
      data-testid="finding-plan-form"
    >
      {needsFormAlert(save.error, PLAN_FIELDS) && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="finding-plan-error" />
      )}
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{
          measures: `针对巡查发现的问题整改：${finding.description}`,
          targetState: TargetState.CompliantDischarge,
          responsibleUnitId: patrol.unitId,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="measures"
          label={t('patrols.plan.measures')}
          rules={[required(t('patrols.plan.measures'))]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="targetState"
          label={t('patrols.plan.targetState')}
          rules={[required(t('patrols.plan.targetState'))]}
        >
          <Select
            options={Object.values(TargetState)
              .filter((v) => v !== TargetState.MergedInto)
              .map((v) => ({ value: v, label: label(TARGET_STATE_LABELS, v) }))}
          />
        </Form.Item>
        <Form.Item
          name="responsibleUnitId"
          label={t('patrols.plan.unit')}
          rules={[required(t('patrols.plan.unit'))]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={units.isLoading}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item
          name="responsiblePerson"
          label={t('patrols.plan.person')}
          rules={[required(t('patrols.plan.person'))]}
        >
          <Input maxLength={50} data-testid="finding-plan-person" />
        </Form.Item>
        <Form.Item
          name="responsiblePhone"
          label={t('patrols.plan.phone')}
          rules={[required(t('patrols.plan.phone'))]}
        >
          <Input maxLength={20} inputMode="tel" data-testid="finding-plan-phone" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('patrols.plan.deadline')}
          rules={[required(t('patrols.plan.deadline'))]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="finding-plan-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
