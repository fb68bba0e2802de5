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
  decimals: code === 'tp' || code === 'nh3n' ? 3 : 2,
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
];
