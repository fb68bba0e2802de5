import type { LabelMap } from './label';

/** 行政区划 level. */
export enum DivisionLevel {
  City = 'city',
  Township = 'township',
  SubDistrict = 'sub_district',
  Village = 'village',
}

export const DIVISION_LEVEL_LABELS: LabelMap<DivisionLevel> = {
  [DivisionLevel.City]: { zh: '市', en: 'City' },
  [DivisionLevel.Township]: { zh: '乡镇', en: 'Township' },
  [DivisionLevel.SubDistrict]: { zh: '街道', en: 'Sub-district' },
  [DivisionLevel.Village]: { zh: '村（社区）', en: 'Village / community' },
};

/** 单位 kind. */
export enum UnitKind {
  EcologyBranch = 'ecology_branch',
  WaterBureau = 'water_bureau',
  Housing = 'housing',
  Agriculture = 'agriculture',
  CommerceIndustry = 'commerce_industry',
  UrbanManagement = 'urban_management',
  Transport = 'transport',
  DevelopmentReform = 'development_reform',
  Township = 'township',
  Other = 'other',
}

export const UNIT_KIND_LABELS: LabelMap<UnitKind> = {
  [UnitKind.EcologyBranch]: { zh: '生态环境分局', en: 'Ecology & environment branch' },
  [UnitKind.WaterBureau]: { zh: '水利局（河湖长办）', en: 'Water bureau (river-chief office)' },
  [UnitKind.Housing]: { zh: '住建局', en: 'Housing & urban-rural development' },
  [UnitKind.Agriculture]: { zh: '农业农村局', en: 'Agriculture & rural affairs' },
  [UnitKind.CommerceIndustry]: { zh: '商务和工信局', en: 'Commerce, industry & IT' },
  [UnitKind.UrbanManagement]: { zh: '城市管理局', en: 'Urban management' },
  [UnitKind.Transport]: { zh: '交通运输局', en: 'Transport' },
  [UnitKind.DevelopmentReform]: { zh: '发改委', en: 'Development & reform' },
  [UnitKind.Township]: { zh: '乡镇（街道）', en: 'Township / sub-district' },
  [UnitKind.Other]: { zh: '其他', en: 'Other' },
};

/** The plan's four outfall classes (HJ 1312-2023 level-1). Sector departments write within theirs. */
export enum OutfallCategory {
  Industrial = 'industrial',
  UrbanWwtp = 'urban_wwtp',
  Agricultural = 'agricultural',
  Other = 'other',
}

export const OUTFALL_CATEGORY_LABELS: LabelMap<OutfallCategory> = {
  [OutfallCategory.Industrial]: { zh: '工业排污口', en: 'Industrial' },
  [OutfallCategory.UrbanWwtp]: { zh: '城镇污水处理厂排污口', en: 'Urban sewage treatment plant' },
  [OutfallCategory.Agricultural]: { zh: '农业排污口', en: 'Agricultural' },
  [OutfallCategory.Other]: { zh: '其他排污口', en: 'Other' },
};
