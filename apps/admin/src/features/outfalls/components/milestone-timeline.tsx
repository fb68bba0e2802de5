import { CheckCircleFilled, ClockCircleOutlined, EditOutlined } from '@ant-design/icons';
import {
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  MILESTONE_RULES,
  MILESTONE_WORKFLOW_LABELS,
  type MilestoneType,
} from '@outfall/shared-types';
import { Button, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { OutfallEvent } from '../types';
import { useI18n } from '../../../i18n/i18n-context';

interface Props {
  events: readonly OutfallEvent[];
  /** Offered when the account may write: correct a milestone already entered (hand-set types only). */
  onEdit?: (type: MilestoneType) => void;
  /** Offered to the eco branch on a hand-set workflow milestone waiting for review. */
  onReview?: (type: MilestoneType, action: 'confirm' | 'revert') => void;
}

/**
 * The milestones in their natural order: the date in the field, and when it was entered; the rest pending.
 * Workflow-owned milestones say which workflow sets them (no edit); back-entered ones carry a 补录 tag with
 * their reason and document; hand-set ones from before the rule a "needs review" tag.
 */
export function MilestoneTimeline({ events, onEdit, onReview }: Props) {
  const { t, tMaybe, label, dateTime } = useI18n();
  const byType = new Map(events.map((event) => [event.type, event]));
  // the workflow that sets a milestone nobody may enter by hand
  const owner = (type: MilestoneType) => {
    const rule = MILESTONE_RULES[type];
    return rule.setBy === 'workflow' && rule.workflow
      ? label(MILESTONE_WORKFLOW_LABELS, rule.workflow)
      : null;
  };
  return (
    <Timeline
      className="milestones"
      data-testid="milestones"
      items={MILESTONE_ORDER.map((type) => {
        const event = byType.get(type);
        return {
          key: type,
          color: event ? 'green' : 'gray',
          dot: event ? <CheckCircleFilled /> : <ClockCircleOutlined />,
          children: (
            <div data-testid={`milestone-${type}`} data-done={event ? 'true' : 'false'}>
              <Typography.Text strong={!!event} type={event ? undefined : 'secondary'}>
                {label(MILESTONE_LABELS, type)}
              </Typography.Text>
              <Typography.Text type={event ? undefined : 'secondary'} className="milestone-date">
                {event ? event.effectiveOn : t('outfall.pending')}
              </Typography.Text>
              {event?.backEntered && (
                <Tooltip
                  title={t('milestone.backEntryDetail', {
                    reason: event.backEntryReason ?? '',
                    document: event.backEntryDocument ?? '',
                  })}
                >
                  <Tag color="orange" className="milestone-tag" data-testid={`back-entered-${type}`}>
                    {t('milestone.backEntered')}
                  </Tag>
                </Tooltip>
              )}
              {event?.reviewState && (
                <Tooltip title={t('milestone.needsReviewHint')}>
                  <Tag color="red" className="milestone-tag" data-testid={`needs-review-${type}`}>
                    {t('milestone.needsReview')}
                  </Tag>
                </Tooltip>
              )}
              {event?.reviewState && onReview && (
                <>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => onReview(type, 'confirm')}
                    data-testid={`review-confirm-${type}`}
                  >
                    {t('review.confirm')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => onReview(type, 'revert')}
                    data-testid={`review-revert-${type}`}
                  >
                    {t('review.revert')}
                  </Button>
                </>
              )}
              {event && onEdit && MILESTONE_RULES[type].setBy === 'hand' && (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => onEdit(type)}
                  aria-label={t('outfall.editMilestone')}
                  title={t('outfall.editMilestone')}
                  data-testid="edit-milestone"
                />
              )}
              {event && (
                <Typography.Text type="secondary" className="cell-note">
                  {t('outfall.recordedAt', {
                    time: dateTime(event.recordedAt),
                    source: tMaybe(`outfall.source.${event.source}`) ?? event.source,
                  })}
                </Typography.Text>
              )}
              {event?.note && <div className="milestone-note">{event.note}</div>}
              {owner(type) && (
                <Typography.Text type="secondary" className="cell-note" data-testid={`owned-by-${type}`}>
                  {t('milestone.ownedBy', { workflow: owner(type) ?? '' })}
                </Typography.Text>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
