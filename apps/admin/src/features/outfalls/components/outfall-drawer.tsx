import { EditOutlined, FlagOutlined, HistoryOutlined, MergeCellsOutlined } from '@ant-design/icons';
import {
  BANK_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  ENTITY_KIND_LABELS,
  MILESTONE_ORDER,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  Permission,
  PROTECTED_AREA_KIND_LABELS,
  SETUP_APPROVAL_LABELS,
  type MilestoneType,
} from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { getOutfall } from '../api';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import type { OutfallDetail, OutfallEntityLink, SuspectedDuplicate } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { BackEntryModal } from './back-entry-modal';
import { DemoTag } from '../../../shared/ui/demo-tag';
import { MergeModal } from './merge-modal';
import { MilestoneModal } from './milestone-modal';
import { MilestoneReviewModal } from './milestone-review-modal';
import { MilestoneTimeline } from './milestone-timeline';
import { OutfallFormModal } from './outfall-form-modal';
import { OutfallMonitoringSection } from '../../monitoring/components/outfall-monitoring-section';
import { OutfallTracingSection } from '../../monitoring/components/outfall-tracing-section';
import { CandidateSourcesSection } from '../../supervision/source-lists/candidate-sources-section';
import { OutfallSignageSection } from '../../supervision/signage/outfall-signage-section';
import { OutfallEnforcementSection } from '../../supervision/enforcement/outfall-enforcement-section';
import { OutfallPatrolSection } from '../../supervision/patrols';
import { OutfallPermitSection } from '../../supervision/permits/outfall-permit-section';
import { AreaTag, formatDistance, OutfallFlags } from './outfall-tags';

interface Props {
  id: string;
  onClose(): void;
  /** Opens another outfall in the drawer (a duplicate, the survivor of a merge). */
  onOpen(id: string): void;
}

type Dialog =
  | { kind: 'edit' }
  | { kind: 'milestone'; type?: MilestoneType }
  | { kind: 'backEntry' }
  | { kind: 'review'; type: MilestoneType; action: 'confirm' | 'revert' }
  | { kind: 'merge'; into: SuspectedDuplicate };

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="drawer-section" data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** The main entity first, then the others by name. */
function byRole(a: OutfallEntityLink, b: OutfallEntityLink): number {
  return Number(b.isMain) - Number(a.isMain) || a.entity.name.localeCompare(b.entity.name, 'zh-CN');
}

/** One outfall: every field, the milestones, the responsible entities, ban reasons and suspected duplicates. */
export function OutfallDrawer({ id, onClose, onOpen }: Props) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const lookups = useDirectoryLookups();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const detail = useQuery({
    queryKey: ['outfalls', 'detail', id],
    queryFn: ({ signal }) => getOutfall(id, signal),
  });
  const outfall = detail.data;
  const writable = can(Permission.DirectoryWrite) && outfall?.status === 'active';
  // the eco branch back-enters remediation finished before the platform (not over a plan)
  const backEnterable = can(Permission.Approve) && !!outfall;

  return (
    <Drawer
      open
      width={760}
      onClose={onClose}
      title={
        outfall ? (
          <Space size="small" wrap>
            <span data-testid="outfall-title">{outfall.localCode}</span>
            <Typography.Text type="secondary">{outfall.name}</Typography.Text>
            {outfall.demo && <DemoTag compact />}
          </Space>
        ) : (
          t('outfall.loading')
        )
      }
      extra={
        (writable || backEnterable) && (
          <Space>
            {backEnterable && (
              <Button
                icon={<HistoryOutlined />}
                onClick={() => setDialog({ kind: 'backEntry' })}
                data-testid="back-entry"
              >
                {t('backEntry.open')}
              </Button>
            )}
            {writable && (
              <Button
                icon={<FlagOutlined />}
                onClick={() => setDialog({ kind: 'milestone' })}
                data-testid="set-milestone"
              >
                {t('outfall.setMilestone')}
              </Button>
            )}
            {writable && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => setDialog({ kind: 'edit' })}
                data-testid="edit-outfall"
              >
                {t('outfall.edit')}
              </Button>
            )}
          </Space>
        )
      }
      data-testid="outfall-drawer"
    >
      {detail.error ? (
        <ApiErrorAlert
          error={detail.error}
          title={t('common.loadError')}
          onRetry={() => void detail.refetch()}
        />
      ) : !outfall ? (
        <div className="drawer-loading">
          <Spin />
        </div>
      ) : (
        <OutfallCard
          outfall={outfall}
          lookups={lookups}
          writable={writable}
          tracingWritable={can(Permission.MonitoringWrite) && outfall.status === 'active'}
          onOpen={onOpen}
          onMilestone={(type) => setDialog({ kind: 'milestone', type })}
          onReview={backEnterable ? (type, action) => setDialog({ kind: 'review', type, action }) : undefined}
          onMerge={(into) => setDialog({ kind: 'merge', into })}
        />
      )}
      {outfall && dialog?.kind === 'edit' && (
        <OutfallFormModal
          outfall={outfall}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('outfalls.saved'));
          }}
        />
      )}
      {outfall && dialog?.kind === 'milestone' && (
        <MilestoneModal
          outfall={outfall}
          type={dialog.type}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('milestone.saved'));
          }}
        />
      )}
      {outfall && dialog?.kind === 'backEntry' && (
        <BackEntryModal
          outfall={outfall}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('backEntry.saved'));
          }}
        />
      )}
      {outfall && dialog?.kind === 'review' && (
        <MilestoneReviewModal
          outfall={outfall}
          type={dialog.type}
          action={dialog.action}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('review.done'));
          }}
        />
      )}
      {outfall && dialog?.kind === 'merge' && (
        <MergeModal
          from={outfall}
          into={dialog.into}
          onClose={() => setDialog(null)}
          onMerged={(survivor) => {
            setDialog(null);
            void message.success(t('merge.done', { code: survivor.localCode }));
            onOpen(survivor.id);
          }}
        />
      )}
    </Drawer>
  );
}

interface CardProps {
  outfall: OutfallDetail;
  lookups: ReturnType<typeof useDirectoryLookups>;
  writable: boolean;
  tracingWritable: boolean;
  onOpen(id: string): void;
  onMilestone(type: MilestoneType): void;
  onReview?: (type: MilestoneType, action: 'confirm' | 'revert') => void;
  onMerge(into: SuspectedDuplicate): void;
}

function OutfallCard({
  outfall,
  lookups,
  writable,
  tracingWritable,
  onOpen,
  onMilestone,
  onReview,
  onMerge,
}: CardProps) {
  const i18n = useI18n();
  const { t, tMaybe, label, dateTime } = i18n;
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const or = (value: ReactNode) => (value === null || value === undefined || value === '' ? none : value);
  const township = outfall.division?.name ?? lookups.townshipName(outfall.divisionId);
  const keyWater = lookups.waterName(outfall.keyWaterBodyId);
  const events = [...outfall.events].sort(
    (a, b) => MILESTONE_ORDER.indexOf(a.type) - MILESTONE_ORDER.indexOf(b.type),
  );

  return (
    <>
      {outfall.status === 'merged' && (
        <Alert
          type="info"
          showIcon
          className="section-alert"
          message={t('outfall.merged')}
          action={
            outfall.mergedIntoId && (
              <Button size="small" onClick={() => onOpen(outfall.mergedIntoId ?? '')}>
                {t('outfall.openSurvivor')}
              </Button>
            )
          }
          data-testid="merged-alert"
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={2}
        className="outfall-fields"
        data-testid="outfall-fields"
        items={[
          { key: 'localCode', label: t('field.localCode'), children: outfall.localCode },
          { key: 'nationalCode', label: t('field.nationalCode'), children: or(outfall.nationalCode) },
          { key: 'name', label: t('field.name'), span: 2, children: outfall.name },
          {
            key: 'category',
            label: t('field.category'),
            children: label(OUTFALL_CATEGORY_LABELS, outfall.category),
          },
          {
            key: 'subType',
            label: t('field.subType'),
            children: label(OUTFALL_SUB_TYPE_LABELS, outfall.subType),
          },
          {
            key: 'water',
            label: t('field.waterBodyId'),
            children: or(lookups.waterName(outfall.waterBodyId)),
          },
          { key: 'bank', label: t('field.bank'), children: label(BANK_LABELS, outfall.bank) },
          {
            key: 'location',
            label: t('outfall.location'),
            children: `${outfall.longitude.toFixed(6)}, ${outfall.latitude.toFixed(6)}`,
          },
          {
            key: 'division',
            label: t('field.divisionId'),
            children: (
              <>
                {or(township)}
                {outfall.divisionDerived && (
                  <Typography.Text type="secondary" className="cell-note">
                    {t('outfall.divisionDerived')}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            key: 'dischargeMode',
            label: t('field.dischargeMode'),
            children: or(outfall.dischargeMode && label(DISCHARGE_MODE_LABELS, outfall.dischargeMode)),
          },
          {
            key: 'dischargeMethod',
            label: t('field.dischargeMethod'),
            children: or(outfall.dischargeMethod && label(DISCHARGE_METHOD_LABELS, outfall.dischargeMethod)),
          },
          {
            key: 'sizeMm',
            label: t('field.sizeMm'),
            children: or(outfall.sizeMm !== null ? t('common.millimetres', { value: outfall.sizeMm }) : null),
          },
          { key: 'discoveredOn', label: t('field.discoveredOn'), children: outfall.discoveredOn },
          { key: 'permitNumber', label: t('field.permitNumber'), children: or(outfall.permitNumber) },
          {
            key: 'setupApproval',
            label: t('field.setupApproval'),
            children: (
              <>
                {or(outfall.setupApproval && label(SETUP_APPROVAL_LABELS, outfall.setupApproval))}
                {outfall.setupApplicationId && (
                  <Link
                    to={`/supervision/setup-review?application=${encodeURIComponent(outfall.setupApplicationId)}`}
                    data-testid="outfall-setup-application"
                  >
                    {' '}
                    {t('setupReview.menu')}
                  </Link>
                )}
              </>
            ),
          },
          {
            key: 'signage',
            label: t('outfall.signage'),
            span: 2,
            children: outfall.signageInstalled
              ? t('outfall.signageOn', { date: outfall.signageInstalledOn ?? '—' })
              : t('outfall.signageNone'),
          },
          {
            key: 'area',
            label: t('field.area'),
            span: 2,
            children: (
              <Space size="small" wrap>
                <AreaTag outfall={outfall} />
                {keyWater && (
                  <Typography.Text type="secondary">
                    {t('outfall.nearestKeyRiver', { name: keyWater })}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" className="cell-note" data-testid="area-explained">
                  {t('outfall.areaExplained')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'flags',
            label: t('outfalls.col.flags'),
            span: 2,
            children:
              outfall.banCandidate || outfall.duplicateCount > 0 || outfall.status === 'merged' ? (
                <OutfallFlags outfall={outfall} />
              ) : (
                none
              ),
          },
          { key: 'updatedAt', label: t('outfall.updatedAt'), span: 2, children: dateTime(outfall.updatedAt) },
        ]}
      />

      <Section title={t('outfall.milestones')}>
        <MilestoneTimeline events={events} onEdit={writable ? onMilestone : undefined} onReview={onReview} />
      </Section>

      {/* the record's own facts (from the same answer) before the sections that load on their own, so those
          do not move them while they load */}
      <Section title={t('outfall.entities')} testId="outfall-entities">
        <List<OutfallEntityLink>
          size="small"
          bordered
          dataSource={[...outfall.entities].sort(byRole)}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outfall.noEntities')} />,
          }}
          renderItem={(link) => (
            <List.Item data-testid="outfall-entity">
              <List.Item.Meta
                title={
                  <Space size={[4, 4]} wrap>
                    <span>{link.entity.name}</span>
                    <Tag color={link.isMain ? 'blue' : 'default'}>
                      {link.isMain ? t('outfall.mainEntity') : t('outfall.otherEntity')}
                    </Tag>
                    {link.isFallback && (
                      <Tag color="gold" data-testid="fallback-tag">
                        {t('outfall.fallback')}
                      </Tag>
                    )}
                    {link.meteringInstalled && <Tag color="green">{t('outfall.metering')}</Tag>}
                  </Space>
                }
                description={[
                  label(ENTITY_KIND_LABELS, link.entity.kind),
                  link.entity.creditCode,
                  [link.entity.contactName, link.entity.contactPhone].filter(Boolean).join(' '),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      </Section>

      {outfall.banReasons.length > 0 && (
        <Section title={t('outfall.banReasons')} testId="ban-reasons">
          <Alert type="error" showIcon className="section-alert" message={t('outfall.banExplained')} />
          <List
            size="small"
            bordered
            dataSource={outfall.banReasons}
            renderItem={(reason) => (
              <List.Item>
                <Space size="small" wrap>
                  <Tag color="red">{label(PROTECTED_AREA_KIND_LABELS, reason.kind)}</Tag>
                  <span>{reason.name}</span>
                  {reason.designatedOn && (
                    <Typography.Text type="secondary">
                      {t('outfall.designatedOn', { date: reason.designatedOn })}
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Section>
      )}

      {outfall.duplicates.length > 0 && (
        <Section title={t('outfall.duplicates')} testId="duplicates">
          <Typography.Paragraph type="secondary">{t('outfall.duplicatesExplained')}</Typography.Paragraph>
          <List<SuspectedDuplicate>
            size="small"
            bordered
            dataSource={outfall.duplicates}
            renderItem={(duplicate) => (
              <List.Item
                data-testid="duplicate"
                actions={
                  writable
                    ? [
                        <Button
                          key="merge"
                          size="small"
                          icon={<MergeCellsOutlined />}
                          onClick={() => onMerge(duplicate)}
                          data-testid="merge-into"
                        >
                          {t('outfall.mergeInto')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <List.Item.Meta
                  title={
                    <Typography.Link
                      onClick={() => onOpen(duplicate.id)}
                      className="duplicate-link"
                      data-testid="duplicate-link"
                    >
                      {duplicate.localCode}
                    </Typography.Link>
                  }
                  description={
                    <>
                      <div>{duplicate.name}</div>
                      <Typography.Text type="secondary">
                        {tMaybe(`outfall.duplicateReason.${duplicate.reason}`, {
                          distance: formatDistance(duplicate.distanceM ?? 0, i18n),
                        }) ?? duplicate.reason}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Section>
      )}

      <Section title={t('outfall.monitoring')} testId="outfall-monitoring">
        <OutfallMonitoringSection outfallId={outfall.id} />
      </Section>

      <OutfallSignageSection outfallId={outfall.id} active={outfall.status === 'active'} />

      <Section title={t('permits.section.title')} testId="outfall-permits">
        <OutfallPermitSection outfallId={outfall.id} />
      </Section>
      <Section title={t('outfall.tracing')}>
        <OutfallTracingSection outfall={outfall} writable={tracingWritable} />
      </Section>
      <CandidateSourcesSection outfallId={outfall.id} />
      <OutfallEnforcementSection outfallId={outfall.id} />
      <OutfallPatrolSection outfallId={outfall.id} />
    </>
  );
}
