import type { LabelMap } from './label';
import { UnitKind } from './org';

/** The departments' base lists (部门基础清单, the plan's 四 职责分工 and 三(一)3). */
export enum SourceListKind {
  /** 规模以上工业企业清单: housing, agriculture and industry bureaus. */
  IndustrialEnterprise = 'industrial_enterprise',
  /** 畜禽养殖场: the agriculture bureau. */
  LivestockFarm = 'livestock_farm',
  /** 水产养殖场: the agriculture bureau. */
  AquacultureFarm = 'aquaculture_farm',
}

export const SOURCE_LIST_KIND_LABELS: LabelMap<SourceListKind> = {
  [SourceListKind.IndustrialEnterprise]: {
    zh: '规模以上工业企业',
    en: 'Above-scale industrial enterprises',
  },
  [SourceListKind.LivestockFarm]: { zh: '畜禽养殖场', en: 'Livestock farms' },
  [SourceListKind.AquacultureFarm]: { zh: '水产养殖场', en: 'Aquaculture farms' },
};

/**
 * Which departments keep which list (the eco branch and system administrators keep all of them, on behalf
 * of any unit).
 */
export const SOURCE_LIST_KEEPERS: Record<SourceListKind, readonly UnitKind[]> = {
  [SourceListKind.IndustrialEnterprise]: [UnitKind.Housing, UnitKind.Agriculture, UnitKind.CommerceIndustry],
  [SourceListKind.LivestockFarm]: [UnitKind.Agriculture],
  [SourceListKind.AquacultureFarm]: [UnitKind.Agriculture],
};
