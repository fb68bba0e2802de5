import {
  RIVER_CHIEF_LEVEL_LABELS,
  MILESTONE_LABELS,
  type MilestoneType,
  type RiverChiefLevel,
} from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, List, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { getSectionView } from './tasks.api';
import type { SectionView } from './tasks.types';

/** A section as its river chief sees it: outfalls, progress by milestone, open problems. */
export function SectionViewPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const view = useQuery({
    queryKey: ['river-sections', 'view', id],
    queryFn: ({ signal }) => getSectionView(id, signal),
  });
  if (view.error) return <ApiErrorAlert error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Skeleton active />;
  const data: SectionView = view.data;
  const problem = <T,>(title: string, items: T[], render: (item: T) => string, testId: string) => (
    <Card size="small" title={`${title}（${items.length}）`} data-testid={testId}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('tasks.noProblems') }}
        renderItem={(item) => <List.Item>{render(item)}</List.Item>}
      />
    </Card>
  );
  return (
    <div data-testid="section-view">
      <Link to="/river-chiefs">← {t('tasks.back')}</Link>
      <Typography.Title level={3}>
        {t('tasks.viewTitle', { name: `${data.section.waterBodyName ?? ''} ${data.section.name}` })}
      </Typography.Title>
      <Typography.Text type="secondary">{t('tasks.asOf', { day: data.asOf })}</Typography.Text>
      <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('tasks.from')}>{data.section.fromDescription}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.to')}>{data.section.toDescription}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.chiefs')} span={2}>
          <span data-testid="section-chiefs">
            {data.chiefs.length
              ? data.chiefs
                  .map(
                    (c) =>
                      `${label(RIVER_CHIEF_LEVEL_LABELS, c.level as RiverChiefLevel)} ${c.name}（${c.unitName ?? ''}，${c.phone}）`,
                  )
                  .join('；')
              : t('tasks.noChiefs')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={4}>{t('tasks.progress')}</Typography.Title>
      <Row gutter={16} data-testid="section-progress">
        {data.progress.map((p) => (
          <Col key={p.milestone} xs={12} md={6} lg={3}>
            <Statistic title={p.label} value={p.count} />
          </Col>
        ))}
      </Row>
      <Typography.Title level={4}>{t('tasks.problems')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          {problem(
            t('tasks.overduePlans'),
            data.problems.overduePlans,
            (p) => `${p.localCode} ${p.name}：${p.deadline}（${p.unit}）`,
            'problem-plans',
          )}
        </Col>
        <Col xs={24} md={8}>
          {problem(
            t('tasks.recentExceedances'),
            data.problems.recentExceedances,
            (p) => `${p.localCode} ${p.name}：${p.exceedingCount}`,
            'problem-exceedances',
          )}
        </Col>
        <Col xs={24} md={8}>
          {problem(
            t('tasks.untraced'),
            data.problems.untracedPastDeadline,
            (p) => `${p.localCode} ${p.name}：${p.tracingDeadline}`,
            'problem-untraced',
          )}
        </Col>
      </Row>
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        {t('tasks.outfalls')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        dataSource={data.outfalls}
        locale={{ emptyText: <Empty /> }}
        pagination={{ pageSize: 20 }}
        data-testid="section-outfalls"
        columns={[
          { title: t('tasks.localCode'), dataIndex: 'localCode' },
          { title: t('tasks.outfallName'), dataIndex: 'name' },
          { title: t('tasks.township'), dataIndex: 'township' },
          { title: t('tasks.distance'), dataIndex: 'distanceM' },
          {
            title: t('tasks.stage'),
            dataIndex: 'stage',
            render: (stage: string | null) => (stage ? label(MILESTONE_LABELS, stage as MilestoneType) : ''),
          },
        ]}
      />
    </div>
  );
}
