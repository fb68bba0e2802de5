import {
  OUTFALL_CATEGORY_LABELS,
  Permission,
  PLAN_ACTION_LABELS,
  PLAN_STATUS_LABELS,
  PlanAction,
  PlanStatus,
  PROBLEMS,
  TARGET_STATE_LABELS,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useAuth } from '../../../api/auth-context';
import { getPlan, listPlanVersions, transitionPlan } from '../api';
import type { PlanRow, PlanVersion } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { PlanEvidenceSection } from './plan-evidence-section';
import { PlanFormModal } from './plan-form-modal';
import { PlanMilestonesModal } from './plan-milestones-modal';
import { PlanProgressModal } from './plan-progress-modal';
import { isOverdue, PlanStatusTag } from './plan-table';
import { VerificationSamples } from './verification-samples';

/** Who may take each step: the ecology branch approves and verifies, the responsible side carries out. */
const ACTION_PERMISSION: Record<PlanAction, Permission> = {
  [PlanAction.Submit]: Permission.RemediationWrite,
  [PlanAction.Start]: Permission.RemediationWrite,
  [PlanAction.Complete]: Permission.RemediationWrite,
  [PlanAction.Approve]: Permission.Approve,
  [PlanAction.Return]: Permission.Approve,
  [PlanAction.RejectCompletion]: Permission.Approve,
  [PlanAction.Verify]: Permission.Approve,
};
/** Steps that must say why. */
const NEEDS_REASON: readonly PlanAction[] = [PlanAction.Return, PlanAction.RejectCompletion];
const BACKWARD: readonly PlanAction[] = NEEDS_REASON;
/** States in which the API refuses any change to the plan. */
const CLOSED: readonly PlanStatus[] = [PlanStatus.Completed, PlanStatus.Verified];

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="drawer-section" data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** One plan: its fields, milestones, progress notes and version history, and the workflow steps open to the user. */
export function PlanDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const [action, setAction] = useState<PlanAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [noting, setNoting] = useState(false);
  const [milestones, setMilestones] = useState(false);
  const plan = useQuery({ queryKey: ['plans', 'detail', id], queryFn: ({ signal }) => getPlan(id, signal) });
  const data = plan.data;
  const actions = (data?.nextActions ?? []).filter((next) => can(ACTION_PERMISSION[next]));
  const writer = can(Permission.RemediationWrite);
  // the API edits the whole plan only while it is a draft (a returned plan is a draft again), and nothing
  // once completed or verified; progress notes and evidence may be added until then
  const editable = writer && data?.status === PlanStatus.Draft;
  const open = writer && !!data && !CLOSED.includes(data.status);
  return (
    <Drawer
      open
      width={760}
      onClose={onClose}
      title={
        data ? (
          <Space size="small" wrap>
            <span data-testid="plan-title">{data.outfall.localCode}</span>
            <Typography.Text type="secondary">{data.outfall.name}</Typography.Text>
          </Space>
        ) : (
          t('plan.loading')
        )
      }
      extra={
        (actions.length > 0 || editable || open) && (
          <Space wrap>
            {editable && (
              <Button onClick={() => setEditing(true)} data-testid="plan-edit">
                {t('planForm.edit')}
              </Button>
            )}
            {open && !editable && (
              <Button onClick={() => setMilestones(true)} data-testid="plan-edit-milestones">
                {t('planForm.editMilestones')}
              </Button>
            )}
            {open && (
              <Button onClick={() => setNoting(true)} data-testid="plan-add-progress">
                {t('planProgress.add')}
              </Button>
            )}
            {actions.map((next) => (
              <Button
                key={next}
                type={BACKWARD.includes(next) ? 'default' : 'primary'}
                danger={BACKWARD.includes(next)}
                onClick={() => setAction(next)}
                data-testid={`plan-action-${next}`}
              >
                {label(PLAN_ACTION_LABELS, next)}
              </Button>
            ))}
          </Space>
        )
      }
      data-testid="plan-drawer"
    >
      {plan.error ? (
        <ApiErrorAlert error={plan.error} title={t('common.loadError')} onRetry={() => void plan.refetch()} />
      ) : !data ? (
        <div className="drawer-loading">
          <Spin />
        </div>
      ) : (
        <PlanCard plan={data} canLink={open} canUpload={open && can(Permission.DirectoryWrite)} />
      )}
      {data && action && <TransitionModal plan={data} action={action} onClose={() => setAction(null)} />}
      {data && editing && (
        <PlanFormModal plan={data} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
      {data && noting && <PlanProgressModal plan={data} onClose={() => setNoting(false)} />}
      {data && milestones && <PlanMilestonesModal plan={data} onClose={() => setMilestones(false)} />}
    </Drawer>
  );
}

function PlanCard({ plan, canLink, canUpload }: { plan: PlanRow; canLink: boolean; canUpload: boolean }) {
  const { t, label, dateTime } = useI18n();
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const versions = useQuery({
    queryKey: ['plans', 'versions', plan.id, plan.version],
    queryFn: ({ signal }) => listPlanVersions(plan.id, signal),
  });
  const problemLabel = (code: string) => {
    const problem = PROBLEMS[code as keyof typeof PROBLEMS] as { zh: string; en: string } | undefined;
    return problem ? label({ [code]: problem }, code) : code;
  };
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={2}
        className="outfall-fields"
        data-testid="plan-fields"
        items={[
          {
            key: 'status',
            label: t('field.status'),
            children: (
              <Space size={4}>
                <PlanStatusTag status={plan.status} />
                {isOverdue(plan) && <Tag color="red">{t('plan.overdue')}</Tag>}
              </Space>
            ),
          },
          { key: 'deadline', label: t('plan.deadline'), children: plan.deadline },
          {
            key: 'category',
            label: t('field.category'),
            children: label(OUTFALL_CATEGORY_LABELS, plan.outfall.category),
          },
          {
            key: 'target',
            label: t('plan.targetState'),
            children: label(TARGET_STATE_LABELS, plan.targetState),
          },
          {
            key: 'problems',
            label: t('plan.problems'),
            span: 2,
            children: plan.problems.length
              ? plan.problems.map((problem) => <Tag key={problem}>{problemLabel(problem)}</Tag>)
              : none,
          },
          ...(plan.problemNotes
            ? [{ key: 'problemNotes', label: t('plan.problemNotes'), span: 2, children: plan.problemNotes }]
            : []),
          { key: 'measures', label: t('plan.measures'), span: 2, children: plan.measures },
          { key: 'unit', label: t('plan.responsibleUnit'), children: plan.responsibleUnit?.name ?? none },
          {
            key: 'person',
            label: t('plan.responsiblePerson'),
            children: `${plan.responsiblePerson} ${plan.responsiblePhone}`,
          },
          { key: 'submittedOn', label: t('plan.submittedOn'), children: plan.submittedOn ?? none },
          { key: 'approvedOn', label: t('plan.approvedOn'), children: plan.approvedOn ?? none },
          { key: 'completedOn', label: t('plan.completedOn'), children: plan.completedOn ?? none },
          { key: 'verifiedOn', label: t('plan.verifiedOn'), children: plan.verifiedOn ?? none },
          {
            key: 'evidence',
            label: t('plan.evidence'),
            span: 2,
            children: t('plan.evidenceCounts', {
              before: plan.beforePhotoIds.length,
              after: plan.afterPhotoIds.length,
              evidence: plan.evidenceIds.length,
            }),
          },
        ]}
      />
      <Section title={t('plan.milestones')} testId="plan-milestones">
        <Table
          size="small"
          rowKey={(milestone) => `${milestone.name}-${milestone.plannedOn}`}
          pagination={false}
          dataSource={plan.milestones}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noMilestones')} />,
          }}
          columns={[
            { title: t('plan.milestoneName'), dataIndex: 'name' },
            { title: t('plan.plannedOn'), dataIndex: 'plannedOn', width: 120 },
            {
              title: t('plan.actualOn'),
              dataIndex: 'actualOn',
              width: 120,
              render: (value: string | null) => value ?? none,
            },
            { title: t('field.note'), dataIndex: 'note', render: (value: string | null) => value ?? '' },
          ]}
        />
      </Section>
      <Section title={t('plan.progressNotes')} testId="plan-progress">
        <List
          size="small"
          bordered
          dataSource={plan.progressNotes}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noProgress')} />,
          }}
          renderItem={(note) => (
            <List.Item>
              <List.Item.Meta title={`${note.on} · ${note.by}`} description={note.note} />
            </List.Item>
          )}
        />
      </Section>
      <Section title={t('plan.evidence')} testId="plan-evidence-section">
        <PlanEvidenceSection plan={plan} canLink={canLink} canUpload={canUpload} />
      </Section>
      <Section title={t('plan.versions')} testId="plan-versions">
        {versions.error ? (
          <ApiErrorAlert error={versions.error} title={t('common.loadError')} />
        ) : (
          <Timeline
            className="milestones"
            items={[...(versions.data ?? [])].reverse().map((version: PlanVersion) => ({
              key: version.id,
              color: NEEDS_REASON.includes(version.action as PlanAction) ? 'red' : 'blue',
              children: (
                <div data-testid="plan-version">
                  <Typography.Text strong>
                    v{version.version} ·{' '}
                    {version.action in PLAN_ACTION_LABELS
                      ? label(PLAN_ACTION_LABELS, version.action as PlanAction)
                      : t(version.action === 'create' ? 'plan.created' : 'plan.edited')}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {version.fromStatus ? `${label(PLAN_STATUS_LABELS, version.fromStatus)} → ` : ''}
                    {label(PLAN_STATUS_LABELS, version.toStatus)}
                  </Typography.Text>
                  <div className="milestone-note">
                    {version.actorName} · {dateTime(version.at)}
                  </div>
                  {version.reason && <div className="milestone-note">{version.reason}</div>}
                </div>
              ),
            }))}
          />
        )}
      </Section>
    </>
  );
}

interface TransitionValues {
  reason?: string;
  on?: Dayjs;
}

/** Confirms one workflow step: the day it happened (default today) and, to return or reject, why. */
function TransitionModal({ plan, action, onClose }: { plan: PlanRow; action: PlanAction; onClose(): void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransitionValues>();
  const queryClient = useQueryClient();
  const needsReason = NEEDS_REASON.includes(action);
  const step = useMutation({
    mutationFn: (values: TransitionValues) =>
      transitionPlan(plan.id, {
        action,
        version: plan.version,
        reason: values.reason?.trim() || undefined,
        on: values.on && !values.on.isSame(dayjs(), 'day') ? values.on.format('YYYY-MM-DD') : undefined,
      }),
    onSuccess: async (saved) => {
      await Promise.all(
        ['plans', 'outfalls', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      void message.success(
        t('plan.stepDone', {
          action: label(PLAN_ACTION_LABELS, action),
          status: label(PLAN_STATUS_LABELS, saved.status),
        }),
      );
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('plan.confirmStep', {
        action: label(PLAN_ACTION_LABELS, action),
        code: plan.outfall.localCode,
      })}
      okText={label(PLAN_ACTION_LABELS, action)}
      okButtonProps={{ danger: needsReason, 'data-testid': 'transition-ok' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={step.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="transition-modal"
    >
      {step.error && (
        <ApiErrorAlert error={step.error} className="form-alert" data-testid="transition-error" />
      )}
      {action === PlanAction.Verify && <VerificationSamples plan={plan} />}
      <Form<TransitionValues>
        form={form}
        name="transition"
        layout="vertical"
        initialValues={{ on: dayjs() }}
        onFinish={(values) => step.mutate(values)}
      >
        {needsReason && (
          <Form.Item
            name="reason"
            label={t('plan.reason')}
            rules={[{ required: true, whitespace: true, message: t('plan.reasonRequired') }, { max: 1000 }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Form.Item name="on" label={t('plan.stepOn')} extra={t('plan.stepOnHint')}>
          <DatePicker className="full-width" disabledDate={(date) => date.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
