import { OUTFALL_AREA_LABELS, OutfallArea } from '@outfall/shared-types';
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { OutfallRow } from '../types';
import { useI18n, type I18n } from '../../../i18n/i18n-context';

/** Metres as "850 米" or "12.3 公里". */
export function formatDistance(metres: number, { t }: Pick<I18n, 't'>): string {
  return metres < 1000
    ? t('common.metres', { value: Math.round(metres) })
    : t('common.kilometres', { value: (metres / 1000).toFixed(1) });
}

/** Key or general area, with the distance to the nearest key river. */
export function AreaTag({ outfall }: { outfall: Pick<OutfallRow, 'area' | 'keyDistanceM'> }) {
  const i18n = useI18n();
  return (
    <>
      <Tag color={outfall.area === OutfallArea.Key ? 'geekblue' : 'default'} data-testid="area-tag">
        {i18n.label(OUTFALL_AREA_LABELS, outfall.area)}
      </Tag>
      {outfall.keyDistanceM !== null && (
        <Typography.Text type="secondary" className="cell-note">
          {i18n.t('outfalls.keyDistance', { distance: formatDistance(outfall.keyDistanceM, i18n) })}
        </Typography.Text>
      )}
    </>
  );
}

/** 疑似取缔 / 疑似重复 / 已合并: what needs a decision about this outfall. */
export function OutfallFlags({
  outfall,
}: {
  outfall: Pick<OutfallRow, 'banCandidate' | 'banReasons' | 'duplicateCount' | 'status'>;
}) {
  const { t } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {outfall.status === 'merged' && <Tag data-testid="merged-tag">{t('outfalls.mergedTag')}</Tag>}
      {outfall.banCandidate && (
        <Tooltip title={outfall.banReasons.map((reason) => reason.name).join('、')}>
          <Tag color="red" data-testid="ban-tag">
            {t('outfalls.banTag')}
          </Tag>
        </Tooltip>
      )}
      {outfall.duplicateCount > 0 && (
        <Tag color="orange" data-testid="duplicate-tag">
          {t('outfalls.duplicateTag', { count: outfall.duplicateCount })}
        </Tag>
      )}
    </Space>
  );
}
