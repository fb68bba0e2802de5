import { PlusOutlined } from '@ant-design/icons';
import { SEWAGE_ORIGIN_LABELS, TRACING_METHOD_LABELS } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { listTracing, useIndicators } from '../api';
import type { TracingRow } from '../types';
import type { OutfallDetail } from '../../outfalls/types';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { TracingFormModal } from './tracing-form-modal';

/** The drawer's 溯源 section: the outfall's tracing records, and a form to add one for accounts that may. */
export function OutfallTracingSection({ outfall, writable }: { outfall: OutfallDetail; writable: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const indicators = useIndicators();
  const [adding, setAdding] = useState(false);
  const tracing = useQuery({
    queryKey: ['tracing', 'outfall', outfall.id],
    queryFn: ({ signal }) => listTracing({ outfallId: outfall.id, limit: 50, offset: 0 }, signal),
  });
  const entityName = (id: string | null) =>
    outfall.entities.find((link) => link.entityId === id)?.entity.name ?? t('tracing.otherEntity');
  return (
    <div data-testid="outfall-tracing">
      {writable && (
        <div className="toolbar">
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-tracing">
            {t('tracing.add')}
          </Button>
        </div>
      )}
      {tracing.error ? (
        <ApiErrorAlert
          error={tracing.error}
          title={t('common.loadError')}
          onRetry={() => void tracing.refetch()}
        />
      ) : (
        <List<TracingRow>
          size="small"
          bordered
          loading={tracing.isFetching}
          dataSource={tracing.data?.items ?? []}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tracing.none')} />,
          }}
          renderItem={(record) => (
            <List.Item data-testid="tracing-record">
              <List.Item.Meta
                title={
                  <Space size={[4, 4]} wrap>
                    <span>{record.tracedOn}</span>
                    <Tag>{label(TRACING_METHOD_LABELS, record.method)}</Tag>
                    {record.sewageOrigin && (
                      <Tag color="blue">{label(SEWAGE_ORIGIN_LABELS, record.sewageOrigin)}</Tag>
                    )}
                    {record.complete ? (
                      <Tag color="green">{t('tracing.completeOn', { date: record.completedOn ?? '' })}</Tag>
                    ) : (
                      <Tag color="gold">{t('tracing.open')}</Tag>
                    )}
                  </Space>
                }
                description={
                  <>
                    {record.mainFactors.length > 0 && (
                      <div>
                        {t('tracing.mainFactors')}：
                        {record.mainFactors.map((code) => indicators.name(code)).join('、')}
                      </div>
                    )}
                    {record.sources.length > 0 && (
                      <div>
                        {t('tracing.sources')}：
                        {record.sources
                          .map((source) => source.description ?? entityName(source.entityId))
                          .join('；')}
                      </div>
                    )}
                    {record.conclusion && (
                      <Typography.Text type="secondary">{record.conclusion}</Typography.Text>
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {adding && (
        <TracingFormModal
          outfall={outfall}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void message.success(t('tracing.saved'));
          }}
        />
      )}
    </div>
  );
}
