import { EnvironmentOutlined, ExperimentOutlined, FormOutlined } from '@ant-design/icons';
import {
  MILESTONE_LABELS,
  MILESTONE_ORDER,
  OUTFALL_CATEGORY_LABELS,
  Permission,
} from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../api/auth-context';
import { getOutfall } from '../outfalls/api';
import { useDirectoryLookups } from '../../shared/reference-data/reference-data';
import { SampleFormModal } from '../monitoring/components/sample-form-modal';
import { useI18n } from '../../i18n/i18n-context';
import { draftKey } from './draft.util';
import { FieldLayout } from './field-layout';

/** One outfall in the field: what identifies it on site, and the records made there (patrol, sample). */
export function FieldOutfallPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const lookups = useDirectoryLookups();
  const [sampling, setSampling] = useState(false);
  const outfall = useQuery({
    queryKey: ['outfall', id],
    queryFn: ({ signal }) => getOutfall(id, signal),
  });

  const data = outfall.data;
  const stage = data?.events
    .map((event) => event.type)
    .sort((a, b) => MILESTONE_ORDER.indexOf(b) - MILESTONE_ORDER.indexOf(a))[0];
  return (
    <FieldLayout title={data?.name ?? t('fieldMode.title')} back="/field">
      {outfall.isPending ? (
        <Spin style={{ display: 'block', marginTop: 24 }} />
      ) : outfall.isError || !data ? (
        <Alert
          type="error"
          showIcon
          message={t('fieldMode.loadFailed')}
          action={
            <Button size="small" onClick={() => void outfall.refetch()}>
              {t('fieldMode.retry')}
            </Button>
          }
        />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered data-testid="field-outfall">
            <Descriptions.Item label={t('fieldMode.code')}>{data.localCode}</Descriptions.Item>
            <Descriptions.Item label={t('fieldMode.stage')}>
              {stage ? <Tag color="blue">{label(MILESTONE_LABELS, stage)}</Tag> : t('fieldMode.noStage')}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldMode.category')}>
              {label(OUTFALL_CATEGORY_LABELS, data.category)}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldMode.water')}>
              {lookups.waterName(data.waterBodyId) ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldMode.township')}>
              {data.division?.name ?? lookups.townshipName(data.divisionId) ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldMode.coordinates')}>
              {data.longitude.toFixed(6)}, {data.latitude.toFixed(6)}
            </Descriptions.Item>
          </Descriptions>
          <Space direction="vertical" className="field-actions" style={{ width: '100%', marginTop: 16 }}>
            {can(Permission.PatrolWrite) && (
              <Button
                block
                type="primary"
                icon={<FormOutlined />}
                onClick={() => void navigate(`/field/patrol?outfall=${data.id}`)}
                data-testid="field-record-patrol"
              >
                {t('fieldMode.recordPatrol')}
              </Button>
            )}
            {can(Permission.MonitoringWrite) && (
              <Button
                block
                icon={<ExperimentOutlined />}
                onClick={() => setSampling(true)}
                data-testid="field-record-sample"
              >
                {t('fieldMode.recordSample')}
              </Button>
            )}
            <Button
              block
              icon={<EnvironmentOutlined />}
              href={`geo:${data.latitude},${data.longitude}?q=${data.latitude},${data.longitude}(${encodeURIComponent(data.name)})`}
            >
              {t('fieldMode.navigate')}
            </Button>
            <Link to={`/outfalls?outfall=${data.id}`}>{t('fieldMode.openInConsole')}</Link>
          </Space>
          {sampling && (
            <SampleFormModal
              outfallId={data.id}
              draftKey={draftKey('sample', data.id)}
              onClose={() => setSampling(false)}
              onSaved={() => {
                setSampling(false);
                void message.success(t('fieldMode.sampleSaved'));
              }}
            />
          )}
        </>
      )}
    </FieldLayout>
  );
}
