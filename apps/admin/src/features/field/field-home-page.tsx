import { AimOutlined, EditOutlined } from '@ant-design/icons';
import { OUTFALL_CATEGORY_LABELS } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { outfallPoints } from '../outfalls/api';
import { useI18n } from '../../i18n/i18n-context';
import { draftStore } from './draft-store';
import { FieldLayout } from './field-layout';
import { formatDistance, matchesSearch, nearestFirst, type LonLat } from './nearest.util';

/** The API caps a point collection at this many (see GET /outfalls/geojson). */
const POINT_CAP = 5000;
const SHOWN = 200;

type Position = LonLat & { accuracy: number };

/**
 * 外业模式 — my outfalls: the account's active outfalls (its jurisdiction, as the API scopes them), nearest
 * first once the phone has a position, searchable by code or name; outfalls with an unsent draft are marked.
 */
export function FieldHomePage() {
  const { t, label, locale } = useI18n();
  const [here, setHere] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [drafts, setDrafts] = useState<Set<string>>(new Set());
  const points = useQuery({
    queryKey: ['field', 'outfall-points'],
    queryFn: ({ signal }) => outfallPoints({ status: 'active' }, signal),
    staleTime: 60_000,
  });

  useEffect(() => {
    draftStore
      .keys()
      .then((keys) => setDrafts(new Set(keys.map((key) => key.split(':')[1]))))
      .catch(() => undefined);
  }, []);

  const locate = () => {
    setLocateError(null);
    if (!('geolocation' in navigator)) {
      setLocateError(t('fieldMode.noGeolocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setHere({
          longitude: position.coords.longitude,
          latitude: position.coords.latitude,
          accuracy: Math.round(position.coords.accuracy),
        });
      },
      (error) => {
        setLocating(false);
        setLocateError(t('fieldMode.locateFailed', { reason: error.message }));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const outfalls = useMemo(() => {
    const all = (points.data?.features ?? []).map((feature) => ({
      ...feature.properties,
      longitude: feature.geometry.coordinates[0],
      latitude: feature.geometry.coordinates[1],
    }));
    return nearestFirst(
      all.filter((outfall) => matchesSearch(outfall, search)),
      here,
    );
  }, [points.data, here, search]);
  const lang = locale === 'zh-CN' ? 'zh' : 'en';

  return (
    <FieldLayout title={t('fieldMode.myOutfalls')}>
      <Button
        block
        size="large"
        type="primary"
        icon={<AimOutlined />}
        loading={locating}
        onClick={locate}
        data-testid="field-locate"
      >
        {locating ? t('fieldMode.locating') : t('fieldMode.locate')}
      </Button>
      {here && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="field-located">
          {t('fieldMode.located', { accuracy: here.accuracy })}
        </Typography.Paragraph>
      )}
      {locateError && <Alert type="warning" showIcon message={locateError} style={{ marginTop: 8 }} />}
      <Input.Search
        allowClear
        size="large"
        placeholder={t('fieldMode.search')}
        aria-label={t('fieldMode.search')}
        style={{ marginTop: 12 }}
        onChange={(event) => setSearch(event.target.value)}
        data-testid="field-search"
      />
      {points.isPending ? (
        <Spin style={{ display: 'block', marginTop: 24 }} />
      ) : points.isError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          message={t('fieldMode.loadFailed')}
          action={
            <Button size="small" onClick={() => void points.refetch()}>
              {t('fieldMode.retry')}
            </Button>
          }
        />
      ) : outfalls.length === 0 ? (
        <Empty description={t('fieldMode.empty')} style={{ marginTop: 24 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('fieldMode.count', { count: outfalls.length })}
            {(points.data?.features.length ?? 0) >= POINT_CAP &&
              ` · ${t('fieldMode.capped', { count: POINT_CAP })}`}
          </Typography.Paragraph>
          <ul className="field-list" data-testid="field-list">
            {outfalls.slice(0, SHOWN).map((outfall) => (
              <li key={outfall.id}>
                <Link className="field-item" to={`/field/outfalls/${outfall.id}`} data-testid="field-item">
                  <div className="field-item-line">
                    <span className="field-item-name">{outfall.name}</span>
                    {outfall.distanceM !== null && (
                      <span data-testid="field-item-distance" data-metres={Math.round(outfall.distanceM)}>
                        {formatDistance(outfall.distanceM, lang)}
                      </span>
                    )}
                  </div>
                  <div className="field-item-meta">
                    <span data-testid="field-item-code">{outfall.localCode}</span> ·{' '}
                    {label(OUTFALL_CATEGORY_LABELS, outfall.category)}
                    {drafts.has(outfall.id) && (
                      <Tag icon={<EditOutlined />} color="orange" style={{ marginLeft: 8 }}>
                        {t('fieldMode.hasDraft')}
                      </Tag>
                    )}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </FieldLayout>
  );
}
