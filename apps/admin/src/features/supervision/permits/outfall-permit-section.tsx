import { MONITORING_FREQUENCY_LABELS, MonitoringFrequency, Permission } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { useIndicators } from '../../monitoring/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { ExpiryTag } from './permit-tags';
import { getPermitStatus } from './permits.api';
import { ScheduleFormModal } from './schedule-form-modal';

/** The outfall drawer's 排污许可与监测计划 section: permitted outlets, expiry, schedules and missing data. */
export function OutfallPermitSection({ outfallId }: { outfallId: string }) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const indicators = useIndicators();
  const [scheduling, setScheduling] = useState(false);
  const status = useQuery({
    queryKey: ['permit-status', outfallId],
    queryFn: ({ signal }) => getPermitStatus(outfallId, signal),
  });
  if (status.error)
    return (
      <ApiErrorAlert
        error={status.error}
        title={t('common.loadError')}
        onRetry={() => void status.refetch()}
      />
    );
  const data = status.data;
  if (!data) return <Spin />;
  const duty = (text: string) => {
    const [code, frequency] = text.split(':');
    return `${indicators.name(code)} · ${label(MONITORING_FREQUENCY_LABELS, frequency as MonitoringFrequency)}`;
  };
  return (
    <Space direction="vertical" className="full-width" data-testid="outfall-permit-section">
      {(data.permitExpiring || data.permitExpired) && (
        <Alert
          type={data.permitExpired ? 'error' : 'warning'}
          showIcon
          message={t(data.permitExpired ? 'permits.section.expired' : 'permits.section.expiring')}
          data-testid="outfall-permit-alert"
        />
      )}
      {(data.nonReceiptCount > 0 || data.missedSampleCount > 0) && (
        <Space wrap>
          {data.nonReceiptCount > 0 && (
            <Tag color="volcano" data-testid="outfall-non-receipt">
              {t('permits.section.nonReceipt', { count: data.nonReceiptCount })}
            </Tag>
          )}
          {data.missedSampleCount > 0 && (
            <Tag color="purple" data-testid="outfall-missed">
              {t('permits.section.missed', { count: data.missedSampleCount })}
            </Tag>
          )}
          <Link to={`/permits/findings?outfallId=${outfallId}`}>{t('permits.section.allFindings')}</Link>
        </Space>
      )}
      <List
        size="small"
        bordered
        dataSource={data.outlets}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('permits.section.noPermit')} />
          ),
        }}
        renderItem={(outlet) => (
          <List.Item data-testid="outfall-permit-outlet">
            <List.Item.Meta
              title={
                <Space size={[4, 4]} wrap>
                  <span>
                    {outlet.permitNumber} · {outlet.outletCode}
                  </span>
                  <ExpiryTag expiry={outlet.expiry} daysLeft={outlet.daysLeft} />
                </Space>
              }
              description={[
                outlet.entityName,
                `${t('permits.col.validTo')} ${outlet.validTo}`,
                outlet.duties.map(duty).join('、'),
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </List.Item>
        )}
      />
      <List
        size="small"
        bordered
        dataSource={data.schedules}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('permits.section.noSchedule')} />
          ),
        }}
        renderItem={(schedule) => (
          <List.Item data-testid="outfall-schedule">
            <Typography.Text>
              {t('permits.section.schedule', {
                unit: schedule.unit.name,
                frequency: label(MONITORING_FREQUENCY_LABELS, schedule.frequency),
                start: schedule.startOn,
              })}
            </Typography.Text>
          </List.Item>
        )}
      />
      {can(Permission.SupervisionConfigure) && (
        <Button size="small" onClick={() => setScheduling(true)} data-testid="outfall-schedule-new">
          {t('permits.schedules.new')}
        </Button>
      )}
      {scheduling && <ScheduleFormModal outfallId={outfallId} onClose={() => setScheduling(false)} />}
    </Space>
  );
}
