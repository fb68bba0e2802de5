import {
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
  SCOPE_GROUP_LABELS,
  ScopeGroup,
} from '@outfall/shared-types';
import { Card, Col, Empty, Progress as Bar, Row, Tag, Typography } from 'antd';
import type { MetricProgress, ProgressGroup } from '../api';
import { useI18n } from '../../../i18n/i18n-context';

export const METRICS = Object.values(ProgressMetric);

/** A 0–1 rate as a percentage with one decimal; a dash when there is nothing to count. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function MetTag({ met, status }: { met: boolean | null; status?: MetricProgress['status'] }) {
  const { t } = useI18n();
  if (met === null) return <Tag data-testid="met-tag">{t('progress.noTarget')}</Tag>;
  // before its deadline a target not reached yet is open, not missed (older snapshots carry no status)
  if (status === 'open')
    return (
      <Tag color="orange" data-testid="met-tag" data-met="false" data-status="open">
        {t('progress.notYetMet')}
      </Tag>
    );
  return (
    <Tag color={met ? 'green' : 'red'} data-testid="met-tag" data-met={String(met)}>
      {met ? t('progress.met') : t('progress.notMet')}
    </Tag>
  );
}

function MetricCard({ metric, value }: { metric: ProgressMetric; value: MetricProgress }) {
  const { t, label } = useI18n();
  return (
    <Card size="small" className="progress-card" data-testid={`metric-${metric}`}>
      <div className="progress-card-head">
        <Typography.Text strong>{label(PROGRESS_METRIC_LABELS, metric)}</Typography.Text>
        <MetTag met={value.met} status={value.status} />
      </div>
      <div className="progress-card-rate" data-testid="metric-rate">
        {percent(value.rate)}
      </div>
      <Bar
        aria-label={label(PROGRESS_METRIC_LABELS, metric)}
        percent={value.rate === null ? 0 : Math.round(value.rate * 1000) / 10}
        success={{ percent: 0 }}
        showInfo={false}
        size="small"
        status={value.met === false ? 'exception' : value.met ? 'success' : 'normal'}
      />
      <div className="progress-card-line" data-testid="metric-count">
        {t('progress.count', { numerator: value.numerator, denominator: value.denominator })}
      </div>
      <div className="progress-card-line">
        {t('progress.target')}: {percent(value.target)}
        {value.deadline && (
          <Typography.Text type="secondary">
            {' '}
            {t('progress.byDeadline', { deadline: value.deadline })}
          </Typography.Text>
        )}
      </div>
      <div className="progress-card-line">
        {t('progress.gap')}:{' '}
        <Typography.Text type={value.gap ? 'danger' : undefined} data-testid="metric-gap">
          {percent(value.gap)}
        </Typography.Text>
      </div>
    </Card>
  );
}

/** One row of four metric cards for a group (the city, or a scope group). */
export function MetricCards({ group, title }: { group: ProgressGroup; title: string }) {
  return (
    <div className="progress-section" data-testid={`headline-${group.dimension}-${group.key}`}>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Row gutter={[12, 12]}>
        {METRICS.map((metric) => (
          <Col key={metric} xs={24} sm={12} xl={6}>
            <MetricCard metric={metric} value={group.metrics[metric]} />
          </Col>
        ))}
      </Row>
    </div>
  );
}

/** Headline cards: the whole jurisdiction, then each scope group the API returned (key rivers, others). */
export function ProgressHeadline({ groups }: { groups: ProgressGroup[] }) {
  const { t, label } = useI18n();
  const city = groups.find((g) => g.dimension === 'city');
  const scopes = groups
    .filter((g) => g.dimension === 'scope')
    .sort(
      (a, b) =>
        Object.values(ScopeGroup).indexOf(a.key as ScopeGroup) -
        Object.values(ScopeGroup).indexOf(b.key as ScopeGroup),
    );
  if (!city && !scopes.length) return <Empty description={t('progress.empty')} />;
  return (
    <div data-testid="progress-headline">
      {city && <MetricCards group={city} title={t('progress.total')} />}
      {scopes.map((group) => (
        <MetricCards
          key={group.key}
          group={group}
          title={
            Object.values(ScopeGroup).includes(group.key as ScopeGroup)
              ? label(SCOPE_GROUP_LABELS, group.key as ScopeGroup)
              : group.label
          }
        />
      ))}
    </div>
  );
}
