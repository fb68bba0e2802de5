import { Permission } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { DueTag } from './patrol-schedules';
import { outfallPatrols } from './patrols.api';

/** The outfall drawer's 巡查 section: next due day (overdue flagged), interval, unit, the last patrols. */
export function OutfallPatrolSection({ outfallId }: { outfallId: string }) {
  const { t, dateTime } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const summary = useQuery({
    queryKey: ['patrols', 'outfall', outfallId],
    queryFn: ({ signal }) => outfallPatrols(outfallId, signal),
  });
  return (
    <section className="drawer-section" data-testid="outfall-patrols">
      <Typography.Title level={5}>{t('patrols.menu')}</Typography.Title>
      {summary.error ? (
        <ApiErrorAlert
          error={summary.error}
          title={t('common.loadError')}
          onRetry={() => void summary.refetch()}
        />
      ) : summary.data ? (
        <>
          <Space wrap className="toolbar">
            <span>{t('patrols.section.nextDue')}：</span>
            <DueTag schedule={summary.data.schedule} />
            <Typography.Text type="secondary">
              {t('patrols.section.interval', { n: summary.data.schedule.intervalDays })} ·{' '}
              {summary.data.schedule.unitName ?? t('patrols.noUnit')}
            </Typography.Text>
            {can(Permission.PatrolWrite) && (
              <Button
                size="small"
                onClick={() => void navigate(`/patrols/new?outfall=${outfallId}`)}
                data-testid="outfall-patrol-new"
              >
                {t('patrols.section.record')}
              </Button>
            )}
          </Space>
          <List
            size="small"
            bordered
            dataSource={summary.data.recent}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrols.section.none')} />
              ),
            }}
            renderItem={(p) => (
              <List.Item data-testid="outfall-patrol">
                <Space wrap>
                  <Typography.Link onClick={() => void navigate(`/patrols/${p.id}`)}>
                    {dateTime(p.patrolledAt)}
                  </Typography.Link>
                  <span>{p.patrollerNames}</span>
                  <span>{t('patrols.metres', { n: Math.round(p.distanceM) })}</span>
                  {p.distanceFlagged && (
                    <Tag color="red">{t('patrols.flagged', { n: p.distanceLimitM })}</Tag>
                  )}
                  {p.findingCount > 0 && (
                    <Tag color="orange">
                      {t('patrols.col.findings')} {p.findingCount}
                    </Tag>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrols.section.none')} />
      )}
    </section>
  );
}
