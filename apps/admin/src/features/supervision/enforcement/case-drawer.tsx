import { UploadOutlined } from '@ant-design/icons';
import {
  CASE_ORIGIN_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  CaseAction,
  CaseOrigin,
  Permission,
  VIOLATION_KIND_LABELS,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  List,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { CaseStatusTag, OverdueTag, yuan } from './case-tags';
import { TransitionModal } from './case-forms';
import {
  checkEvidence,
  downloadEvidence,
  getCase,
  uploadEvidence,
  type CaseEvidence,
} from './enforcement.api';

/** A case: its facts, the record it was opened from, penalty, rectification, timeline and evidence with hashes. */
export function CaseDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { t, tMaybe, label, dateTime } = useI18n();
  const { can } = useAuth();
  const client = useQueryClient();
  const [action, setAction] = useState<CaseAction | null>(null);
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const detail = useQuery({
    queryKey: ['enforcement', 'case', id],
    queryFn: ({ signal }) => getCase(id, signal),
  });
  const upload = useMutation({
    mutationFn: (file: File) => uploadEvidence(id, file),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['enforcement'] }),
  });
  const check = useMutation({
    mutationFn: (evidence: CaseEvidence) => checkEvidence(id, evidence.id),
    onSuccess: (result) => setChecked((prev) => ({ ...prev, [result.id]: result.intact })),
  });
  const c = detail.data;
  const writable = can(Permission.EnforcementWrite);
  const finished = c ? c.nextActions.length === 0 : true;
  const link =
    c?.origin === CaseOrigin.Exceedance
      ? `${c.sampleId ?? ''} / ${c.indicatorCode ?? ''}`
      : c?.origin === CaseOrigin.Patrol
        ? c.patrolRecordId
        : c?.origin === CaseOrigin.PublicReport
          ? c.publicReportId
          : null;
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={c ? `${c.caseNo} ${c.outfallCode} ${c.outfallName}` : t('enforcement.title')}
      data-testid="case-drawer"
      extra={
        c &&
        writable && (
          <Space wrap>
            {c.nextActions.map((a) => (
              <Button
                key={a}
                type={a === CaseAction.Dismiss ? 'default' : 'primary'}
                danger={a === CaseAction.Dismiss}
                onClick={() => setAction(a)}
                data-testid={`case-action-${a}`}
              >
                {t(`enforcement.action.${a}` as MessageKey)}
              </Button>
            ))}
          </Space>
        )
      }
    >
      {detail.isLoading && <Spin />}
      {detail.error && (
        <ApiErrorAlert
          error={detail.error}
          title={t('enforcement.notFound')}
          onRetry={() => void detail.refetch()}
        />
      )}
      {c && (
        <>
          <Descriptions column={2} size="small" bordered data-testid="case-facts">
            <Descriptions.Item label={t('enforcement.field.status')}>
              <CaseStatusTag status={c.status} /> {c.overdue && <OverdueTag />}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.registeredOn')}>
              {c.registeredOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.outfall')}>
              {c.outfallCode} {c.outfallName}（{c.divisionName}）
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.entity')}>{c.entityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.kind')}>
              {label(VIOLATION_KIND_LABELS, c.kind)}
              {c.kindOther ? `：${c.kindOther}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.source')}>
              {label(CASE_SOURCE_LABELS, c.source)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.origin')}>
              {label(CASE_ORIGIN_LABELS, c.origin)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.link')}>
              <span data-testid="case-link">{link ?? '—'}</span>
            </Descriptions.Item>
            {c.originDetail && (
              <Descriptions.Item label={t('enforcement.field.originDetail')} span={2}>
                {c.originDetail.sampledAt
                  ? t('enforcement.sampleAt', {
                      at: dateTime(c.originDetail.sampledAt),
                      value: c.originDetail.value ?? '',
                      limit: c.originDetail.limitText ?? '—',
                    })
                  : t('enforcement.chronicFigures', {
                      samples: c.originDetail.recentSamples ?? 0,
                      exceeding: c.originDetail.recentExceeding ?? 0,
                    })}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('enforcement.field.description')} span={2}>
              {c.description}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.legalBasis')} span={2}>
              {c.legalBasis ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.penaltyAmount')}>
              <span data-testid="case-penalty">{yuan(c.penaltyAmount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.penaltyDocumentNo')}>
              {c.penaltyDocumentNo ?? '—'}
              {c.penaltyDecidedOn ? `（${c.penaltyDecidedOn}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.rectificationOrder')}>
              {c.rectificationOrder ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.rectificationDeadline')}>
              {c.rectificationDeadline ?? '—'}
            </Descriptions.Item>
            {c.closedOn && (
              <>
                <Descriptions.Item label={t('enforcement.field.closedOn')}>{c.closedOn}</Descriptions.Item>
                <Descriptions.Item label={t('enforcement.field.closingNote')}>
                  {c.closingNote}
                </Descriptions.Item>
              </>
            )}
          </Descriptions>

          <section className="drawer-section" data-testid="case-timeline">
            <Typography.Title level={5}>{t('enforcement.timeline')}</Typography.Title>
            <Timeline
              items={c.events.map((e) => ({
                color: e.action === 'dismiss' ? 'gray' : e.action === 'close' ? 'green' : 'blue',
                children: (
                  <div data-testid="case-event">
                    <Typography.Text strong>
                      {tMaybe(`enforcement.action.${e.action}`) ??
                        tMaybe(`enforcement.event.${e.action}`) ??
                        e.action}
                    </Typography.Text>{' '}
                    <Tag>{label(CASE_STATUS_LABELS, e.toStatus)}</Tag>
                    <Typography.Text type="secondary">
                      {e.on} · {e.actorName} · {dateTime(e.at)}
                    </Typography.Text>
                    {e.note && <div>{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </section>

          <section className="drawer-section" data-testid="case-evidence">
            <Typography.Title level={5}>{t('enforcement.evidence')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('enforcement.evidence.hint')}</Typography.Paragraph>
            {writable && !finished && (
              <Upload
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button
                  icon={<UploadOutlined />}
                  loading={upload.isPending}
                  data-testid="case-evidence-upload"
                >
                  {t('enforcement.evidence.upload')}
                </Button>
              </Upload>
            )}
            {upload.error && <ApiErrorAlert error={upload.error} className="section-alert" />}
            <List<CaseEvidence>
              size="small"
              dataSource={c.evidence}
              locale={{ emptyText: <Empty description={t('enforcement.evidence.empty')} /> }}
              renderItem={(evidence) => (
                <List.Item
                  data-testid="case-evidence-item"
                  actions={[
                    <Button
                      key="check"
                      size="small"
                      onClick={() => check.mutate(evidence)}
                      data-testid="case-evidence-check"
                    >
                      {t('enforcement.evidence.check')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Typography.Link onClick={() => void downloadEvidence(evidence)}>
                        {evidence.fileName}
                      </Typography.Link>
                    }
                    description={
                      <>
                        <Typography.Text code copyable data-testid="case-evidence-hash">
                          {evidence.sha256}
                        </Typography.Text>
                        {checked[evidence.id] !== undefined && (
                          <Alert
                            type={checked[evidence.id] ? 'success' : 'error'}
                            showIcon
                            message={t(
                              checked[evidence.id]
                                ? 'enforcement.evidence.intact'
                                : 'enforcement.evidence.tampered',
                            )}
                            data-testid="case-evidence-result"
                          />
                        )}
                        <div>
                          {evidence.uploadedBy} · {dateTime(evidence.createdAt)} · {evidence.sizeBytes} B
                        </div>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </section>
          {action && <TransitionModal c={c} action={action} onClose={() => setAction(null)} />}
        </>
      )}
    </Drawer>
  );
}
