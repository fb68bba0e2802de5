import type { Indicator } from './indicator.entity';

type IndicatorSeed = Pick<
  Indicator,
  | 'code'
  | 'nameZh'
  | 'nameEn'
  | 'unit'
  | 'decimals'
  | 'required'
  | 'physicalMin'
  | 'physicalMax'
  | 'sortOrder'
>;

/** Heavy metals and cyanide: read to three decimals (their limits are below 1 mg/L). */
const METALS = new Set(['cr_total', 'cr6', 'ni', 'cu', 'zn', 'cn']);

const concentration = (
  code: string,
  nameZh: string,
  nameEn: string,
  sortOrder: number,
  required = false,
) => ({
  code,
  nameZh,
  nameEn,
  unit: 'mg/L',
  decimals: code === 'tp' || code === 'nh3n' || METALS.has(code) ? 3 : 2,
  required,
  physicalMin: 0,
  physicalMax: 1_000_000,
  sortOrder,
});

/**
 * The catalogue shipped with the product: the plan's seven required indicators and common extras. Loaded on
 * start when missing; admins edit names, units and decimals and add their own afterwards.
 */
export const DEFAULT_INDICATORS: IndicatorSeed[] = [
  {
    code: 'flow',
    nameZh: '流量',
    nameEn: 'Flow',
    unit: 'm³/d',
    decimals: 1,
    required: true,
    physicalMin: 0,
    physicalMax: 10_000_000,
    sortOrder: 1,
  },
  {
    code: 'temperature',
    nameZh: '水温',
    nameEn: 'Water temperature',
    unit: '°C',
    decimals: 1,
    required: true,
    physicalMin: -5,
    physicalMax: 60,
    sortOrder: 2,
  },
  {
    code: 'ph',
    nameZh: 'pH值',
    nameEn: 'pH',
    unit: null,
    decimals: 2,
    required: true,
    physicalMin: 0,
    physicalMax: 14,
    sortOrder: 3,
  },
  concentration('cod', '化学需氧量', 'COD', 4, true),
  concentration('nh3n', '氨氮', 'NH3-N', 5, true),
  concentration('tp', '总磷', 'Total phosphorus', 6, true),
  concentration('tn', '总氮', 'Total nitrogen', 7, true),
  concentration('bod5', '五日生化需氧量', 'BOD5', 20),
  concentration('ss', '悬浮物', 'Suspended solids', 21),
  concentration('petroleum', '石油类', 'Petroleum', 22),
  concentration('oil_fat', '动植物油', 'Animal and vegetable oil', 23),
  concentration('las', '阴离子表面活性剂', 'Anionic surfactants (LAS)', 24),
  {
    code: 'fecal_coliform',
    nameZh: '粪大肠菌群数',
    nameEn: 'Faecal coliforms',
    unit: 'MPN/L',
    decimals: 0,
    required: false,
    physicalMin: 0,
    physicalMax: 1e12,
    sortOrder: 25,
  },
  // characteristic pollutants of industry classes (required by the requirement rules, not by the plan)
  concentration('cr_total', '总铬', 'Total chromium', 30),
  concentration('cr6', '六价铬', 'Hexavalent chromium', 31),
  concentration('ni', '总镍', 'Total nickel', 32),
  concentration('cu', '总铜', 'Total copper', 33),
  concentration('zn', '总锌', 'Total zinc', 34),
  concentration('cn', '总氰化物', 'Total cyanide', 35),
  concentration('volatile_phenol', '挥发酚', 'Volatile phenols', 36),
  concentration('sulfide', '硫化物', 'Sulphide', 37),
  concentration('aniline', '苯胺类', 'Anilines', 38),
  concentration('fluoride', '氟化物', 'Fluoride', 39),
  {
    code: 'colour',
    nameZh: '色度',
    nameEn: 'Colour (dilution ratio)',
    unit: '倍',
    decimals: 0,
    required: false,
    physicalMin: 0,
    physicalMax: 100_000,
    sortOrder: 40,
  },
];
