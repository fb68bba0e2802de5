import { CheckCircleFilled, ClockCircleOutlined, EditOutlined } from '@ant-design/icons';
import { MILESTONE_LABELS, MILESTONE_ORDER, type MilestoneType } from '@outfall/shared-types';
import { Button, Timeline, Typography } from 'antd';
import type { OutfallEvent } from '../api/types';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  events: readonly OutfallEvent[];
  /** Offered when the account may write: correct a milestone already entered. */
  onEdit?: (type: MilestoneType) => void;
}

/** The milestones in their natural order: the date in the field, and when it was entered; the rest pending. */
export function MilestoneTimeline({ events, onEdit }: Props) {
  const { t, tMaybe, label, dateTime } = useI18n();
  const byType = new Map(events.map((event) => [event.type, event]));
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
              {event && onEdit && (
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
            </div>
          ),
        };
      })}
    />
  );
}
