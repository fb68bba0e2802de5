import { OutfallCategory } from '@outfall/shared-types';
import type { RequiredIndicatorRule } from './required-indicator-rule.entity';

type RuleSeed = Pick<
  RequiredIndicatorRule,
  | 'id'
  | 'name'
  | 'category'
  | 'subType'
  | 'industryPrefix'
  | 'waterBodyId'
  | 'functionZoneId'
  | 'indicatorCodes'
  | 'basis'
  | 'builtin'
>;

const rule = (
  id: string,
  name: string,
  match: Partial<Pick<RuleSeed, 'category' | 'subType' | 'industryPrefix'>>,
  indicatorCodes: string[],
  basis: string,
): RuleSeed => ({
  id,
  name,
  category: match.category ?? null,
  subType: match.subType ?? null,
  industryPrefix: match.industryPrefix ?? null,
  waterBodyId: null,
  functionZoneId: null,
  indicatorCodes,
  basis,
  builtin: true,
});

/**
 * The requirement rules shipped with the product (characteristic pollutants per source type). Loaded on start
 * when missing; admins edit or deactivate them (they cannot be removed) and add rules per water or zone.
 */
export const DEFAULT_REQUIRED_RULES: RuleSeed[] = [
  rule(
    '5e1a0000-0000-4000-8000-000000000033',
    '电镀及金属表面处理（金属制品业）',
    { industryPrefix: '33' },
    ['cr_total', 'cr6', 'ni', 'cu', 'zn', 'cn'],
    'GB 8978-1996 表1 第一类污染物、表4；GB 21900-2008 电镀污染物排放标准',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000026',
    '化学原料和化学制品制造业',
    { industryPrefix: '26' },
    ['volatile_phenol', 'sulfide', 'cn', 'petroleum'],
    'GB 8978-1996 表4',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000025',
    '石油、煤炭及其他燃料加工业',
    { industryPrefix: '25' },
    ['petroleum', 'volatile_phenol', 'sulfide'],
    'GB 8978-1996 表4',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000171',
    '棉纺织及印染精加工',
    { industryPrefix: '171' },
    ['colour', 'aniline', 'sulfide'],
    'GB 4287-2012 纺织染整工业水污染物排放标准；GB 8978-1996 表4',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000013',
    '农副食品加工业',
    { industryPrefix: '13' },
    ['oil_fat'],
    'GB 8978-1996 表4（动植物油）',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000014',
    '食品制造业',
    { industryPrefix: '14' },
    ['oil_fat'],
    'GB 8978-1996 表4（动植物油）',
  ),
  rule(
    '5e1a0000-0000-4000-8000-000000000462',
    '城镇污水处理厂',
    { category: OutfallCategory.UrbanWwtp },
    ['fecal_coliform'],
    'GB 18918-2002 表1（粪大肠菌群数）',
  ),
];
