import {
  OUTFALL_CATEGORY_LABELS,
  PLAN_STATUS_LABELS,
  SETUP_KIND_LABELS,
  SETUP_STATUS_LABELS,
  type OutfallCategory,
  type PlanStatus,
  type SetupKind,
  type SetupStatus,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  List,
  Result,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import {
  getPublicFilters,
  getPublicMap,
  getPublicOutfall,
  listPublicApprovals,
  listPublicOutfalls,
  type PublicMap,
  type PublicOutfall,
  type PublicOutfallQuery,
} from './public-portal.api';

const PAGE_SIZE = 20;
const CATEGORY_COLORS: Record<string, string> = {
  industrial: '#cf1322',
  // white text at ≥ 4.5:1
  urban_wwtp: '#0958d9',
  agricultural: '#237804',
  other: '#595959',
};

function useLabels() {
  const { t, label } = useI18n();
  return {
    category: (value: string) =>
      OUTFALL_CATEGORY_LABELS[value as OutfallCategory]
        ? label(OUTFALL_CATEGORY_LABELS, value as OutfallCategory)
        : value,
    remediation: (value: string) =>
      value === 'none'
        ? t('publicPortal.noRemediation')
        : PLAN_STATUS_LABELS[value as PlanStatus]
          ? label(PLAN_STATUS_LABELS, value as PlanStatus)
          : value,
  };
}

/** 排污口公开信息: the published outfalls as a list (phone-friendly cards) or on a simple map. */
export function PublicOutfallsPage() {
  const { t } = useI18n();
  const labels = useLabels();
  const [view, setView] = useState<'list' | 'map'>('list');
  const [page, setPage] = useState(1);
  const [query, setQuery] = useState<PublicOutfallQuery>({});
  const change = (next: Partial<PublicOutfallQuery>) => {
    setQuery((current) => ({ ...current, ...next }));
    setPage(1);
  };
  const filters = useQuery({
    queryKey: ['public', 'filters'],
    queryFn: ({ signal }) => getPublicFilters(signal),
  });
  const list = useQuery({
    queryKey: ['public', 'outfalls', page, query],
    queryFn: ({ signal }) =>
      listPublicOutfalls({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    enabled: view === 'list',
  });
  const map = useQuery({
    queryKey: ['public', 'map'],
    queryFn: ({ signal }) => getPublicMap(signal),
    enabled: view === 'map',
  });
  const options = filters.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('publicPortal.search')}
          onSearch={(q) => change({ q: q || undefined })}
          style={{ width: 220 }}
          data-testid="public-search"
        />
        {!!options?.waters.length && (
          <Select
            allowClear
            placeholder={t('publicPortal.allWaters')}
            aria-label={t('publicPortal.allWaters')}
            style={{ width: 160 }}
            options={options.waters.map((w) => ({ value: w.id, label: w.name }))}
            onChange={(waterBodyId?: string) => change({ waterBodyId })}
          />
        )}
        {!!options?.townships.length && (
          <Select
            allowClear
            placeholder={t('publicPortal.allTownships')}
            aria-label={t('publicPortal.allTownships')}
            style={{ width: 160 }}
            options={options.townships.map((d) => ({ value: d.id, label: d.name }))}
            onChange={(divisionId?: string) => change({ divisionId })}
          />
        )}
        {!!options?.categories.length && (
          <Select
            allowClear
            placeholder={t('publicPortal.allCategories')}
            aria-label={t('publicPortal.allCategories')}
            style={{ width: 160 }}
            options={options.categories.map((c) => ({ value: c, label: labels.category(c) }))}
            onChange={(category?: PublicOutfallQuery['category']) => change({ category })}
          />
        )}
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'list' | 'map')}
          options={[
            { value: 'list', label: t('publicPortal.list') },
            { value: 'map', label: t('publicPortal.map') },
          ]}
        />
      </Space>
      {view === 'list' ? (
        <>
          <ApiErrorAlert error={list.error} />
          <Typography.Text type="secondary" data-testid="public-total">
            {t('publicPortal.total', { count: list.data?.total ?? 0 })}
          </Typography.Text>
          <List
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            rowKey="code"
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              size: 'small',
            }}
            renderItem={(item) => (
              <List.Item data-testid="public-outfall-item">
                <List.Item.Meta
                  title={<Link to={`/o/${encodeURIComponent(item.code)}`}>{item.name ?? item.code}</Link>}
                  description={
                    <Space size={[8, 4]} wrap>
                      <span>{item.code}</span>
                      {item.category && (
                        <Tag color={CATEGORY_COLORS[item.category]}>{labels.category(item.category)}</Tag>
                      )}
                      {item.receivingWater && <span>{item.receivingWater}</span>}
                      {item.township && <span>{item.township}</span>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </>
      ) : (
        <Card size="small">
          <ApiErrorAlert error={map.error} />
          {map.isLoading ? <Spin /> : <PublicMapView map={map.data} />}
        </Card>
      )}
    </Space>
  );
}

/** A plain SVG map: the published outfalls projected into their bounding box; a dot opens the outfall's page. */
function PublicMapView({ map }: { map?: PublicMap }) {
  const { t } = useI18n();
  const features = map?.features ?? [];
  if (!features.length) return <Empty description={t('publicPortal.noMap')} />;
  const lons = features.map((f) => f.geometry.coordinates[0]);
  const lats = features.map((f) => f.geometry.coordinates[1]);
  const [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const width = 1000;
  const height = 700;
  const pad = 20;
  const sx = (lon: number) => pad + ((lon - minLon) / (maxLon - minLon || 1)) * (width - 2 * pad);
  const sy = (lat: number) => height - pad - ((lat - minLat) / (maxLat - minLat || 1)) * (height - 2 * pad);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', height: 'auto', background: '#f0f5ff' }}
      data-testid="public-map"
    >
      {features.map((f) => (
        <Link key={f.properties.code} to={`/o/${encodeURIComponent(f.properties.code)}`}>
          <circle
            cx={sx(f.geometry.coordinates[0])}
            cy={sy(f.geometry.coordinates[1])}
            r={6}
            fill={CATEGORY_COLORS[f.properties.category ?? 'other'] ?? '#8c8c8c'}
            stroke="#fff"
          >
            <title>{f.properties.name ?? f.properties.code}</title>
          </circle>
        </Link>
      ))}
    </svg>
  );
}

/** /o/:code — what the QR code on the sign opens: the outfall's public fields, nothing else. */
export function PublicOutfallPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const labels = useLabels();
  const outfall = useQuery({
    queryKey: ['public', 'outfall', code],
    queryFn: ({ signal }) => getPublicOutfall(code, signal),
    retry: false,
  });
  if (outfall.isLoading) return <Spin />;
  if (outfall.error || !outfall.data)
    return (
      <div data-testid="public-outfall-not-found">
        <Result
          status="404"
          title={t('publicPortal.notFound')}
          extra={
            <Link to="/public">
              <Button>{t('publicPortal.backToList')}</Button>
            </Link>
          }
        />
      </div>
    );
  const o: PublicOutfall = outfall.data;
  const items = [
    { key: 'code', label: t('publicPortal.field.code'), children: o.code },
    o.name !== undefined && { key: 'name', label: t('publicPortal.field.name'), children: o.name ?? '—' },
    o.category !== undefined && {
      key: 'category',
      label: t('publicPortal.field.category'),
      children: o.category ? labels.category(o.category) : '—',
    },
    o.receivingWater !== undefined && {
      key: 'receivingWater',
      label: t('publicPortal.field.receivingWater'),
      children: o.receivingWater ?? '—',
    },
    o.township !== undefined && {
      key: 'township',
      label: t('publicPortal.field.township'),
      children: o.township ?? '—',
    },
    o.responsibleEntity !== undefined && {
      key: 'responsibleEntity',
      label: t('publicPortal.field.responsibleEntity'),
      children: o.responsibleEntity ?? '—',
    },
    o.longitude !== undefined && {
      key: 'location',
      label: t('publicPortal.field.location'),
      children: `${o.longitude?.toFixed(5)}, ${o.latitude?.toFixed(5)}`,
    },
    o.remediationStatus !== undefined && {
      key: 'remediationStatus',
      label: t('publicPortal.field.remediationStatus'),
      children: o.remediationStatus ? labels.remediation(o.remediationStatus) : '—',
    },
    o.latestCompliance !== undefined && {
      key: 'latestCompliance',
      label: t('publicPortal.field.latestCompliance'),
      children: o.latestCompliance ? (
        <Space wrap>
          <Tag color={o.latestCompliance.status === 'compliant' ? 'green' : 'red'}>
            {t(
              o.latestCompliance.status === 'compliant' ? 'publicPortal.compliant' : 'publicPortal.exceeding',
            )}
          </Tag>
          {t('publicPortal.sampledOn', { day: o.latestCompliance.sampledOn })}
        </Space>
      ) : (
        '—'
      ),
    },
    o.sign !== undefined && {
      key: 'sign',
      label: t('publicPortal.field.sign'),
      children: o.sign ? (
        <Space direction="vertical" size={0}>
          <span>{t(o.sign.installed ? 'publicPortal.signInstalled' : 'publicPortal.signNotInstalled')}</span>
          {o.sign.supervisingDepartment && (
            <span>
              {t('publicPortal.supervision', {
                department: o.sign.supervisingDepartment,
                phone: o.sign.supervisingPhone ?? '—',
              })}
            </span>
          )}
        </Space>
      ) : (
        '—'
      ),
    },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];
  return (
    <Card title={o.name ?? o.code} data-testid="public-outfall">
      <Descriptions column={1} size="small" bordered items={items} />
      <Space style={{ marginTop: 12 }} wrap>
        <Link to="/public">{t('publicPortal.backToList')}</Link>
        <Link to="/public/report">{t('publicPortal.reportHint')}</Link>
      </Space>
    </Card>
  );
}

/** 设置审批与登记: the published results of setup review. */
export function PublicApprovalsPage() {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const approvals = useQuery({
    queryKey: ['public', 'approvals', page],
    queryFn: ({ signal }) =>
      listPublicApprovals({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <ApiErrorAlert error={approvals.error} />
      <List
        loading={approvals.isFetching}
        dataSource={approvals.data?.items ?? []}
        rowKey="code"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: approvals.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          size: 'small',
        }}
        renderItem={(a) => (
          <List.Item data-testid="public-approval-item">
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{a.outfallName}</span>
                  <Tag color="green">{label(SETUP_STATUS_LABELS, a.decision as SetupStatus)}</Tag>
                </Space>
              }
              description={
                <Space size={[12, 4]} wrap>
                  <span>
                    {t('publicPortal.approvals.kind')}: {label(SETUP_KIND_LABELS, a.kind as SetupKind)}
                  </span>
                  <span>
                    {t('publicPortal.approvals.applicant')}: {a.applicantName}
                  </span>
                  <span>
                    {t('publicPortal.approvals.water')}: {a.receivingWater}
                  </span>
                  <span>
                    {t('publicPortal.approvals.document')}: {a.documentNumber}
                  </span>
                  <span>
                    {t('publicPortal.approvals.decidedOn')}: {a.decidedOn}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
