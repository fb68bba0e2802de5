import type { LabelMap } from './label';
import { OutfallCategory } from './org';

/** Level-2 types under the plan's four classes (HJ 1312-2023 uses the same level-1 classes). */
export enum OutfallSubType {
  IndustrialEnterprise = 'industrial_enterprise',
  IndustrialStormwater = 'industrial_stormwater',
  UrbanWwtp = 'urban_wwtp',
  DomesticSewageFacility = 'domestic_sewage_facility',
  LivestockFarm = 'livestock_farm',
  AquacultureFarm = 'aquaculture_farm',
  SmallLivestock = 'small_livestock',
  SmallAquaculture = 'small_aquaculture',
  RuralSewageFacility = 'rural_sewage_facility',
  UrbanStormwater = 'urban_stormwater',
  OtherOutfall = 'other_outfall',
}

export const OUTFALL_SUB_TYPE_LABELS: LabelMap<OutfallSubType> = {
  [OutfallSubType.IndustrialEnterprise]: { zh: '工矿企业排污口', en: 'Industrial / mining enterprise' },
  [OutfallSubType.IndustrialStormwater]: { zh: '工矿企业雨洪排口', en: 'Industrial / mining storm-water' },
  [OutfallSubType.UrbanWwtp]: { zh: '城镇污水处理厂排污口', en: 'Urban sewage treatment plant' },
  [OutfallSubType.DomesticSewageFacility]: {
    zh: '城镇生活污水集中处理设施排污口',
    en: 'Centralised domestic sewage facility',
  },
  [OutfallSubType.LivestockFarm]: {
    zh: '规模化畜禽养殖场排污口',
    en: 'Large-scale livestock & poultry farm',
  },
  [OutfallSubType.AquacultureFarm]: { zh: '规模化水产养殖场排污口', en: 'Large-scale aquaculture farm' },
  [OutfallSubType.SmallLivestock]: { zh: '规模以下畜禽养殖场排污口', en: 'Below-scale livestock farm' },
  [OutfallSubType.SmallAquaculture]: { zh: '规模以下水产养殖排污口', en: 'Below-scale aquaculture' },
  [OutfallSubType.RuralSewageFacility]: {
    zh: '农村污水处理设施排污口',
    en: 'Rural sewage treatment facility',
  },
  [OutfallSubType.UrbanStormwater]: { zh: '城镇雨洪排口', en: 'Urban storm-water outfall' },
  [OutfallSubType.OtherOutfall]: { zh: '其他排污口', en: 'Other outfall' },
};

/** Which sub-types belong to which category: a pair outside this map is refused. */
export const SUB_TYPES_BY_CATEGORY: Record<OutfallCategory, readonly OutfallSubType[]> = {
  [OutfallCategory.Industrial]: [OutfallSubType.IndustrialEnterprise, OutfallSubType.IndustrialStormwater],
  [OutfallCategory.UrbanWwtp]: [OutfallSubType.UrbanWwtp, OutfallSubType.DomesticSewageFacility],
  [OutfallCategory.Agricultural]: [OutfallSubType.LivestockFarm, OutfallSubType.AquacultureFarm],
  [OutfallCategory.Other]: [
    OutfallSubType.SmallLivestock,
    OutfallSubType.SmallAquaculture,
    OutfallSubType.RuralSewageFacility,
    OutfallSubType.UrbanStormwater,
    OutfallSubType.OtherOutfall,
  ],
};

/** Two-letter codes used in generated local codes (e.g. TTH-GY-0001). */
export const CATEGORY_CODES: Record<OutfallCategory, string> = {
  [OutfallCategory.Industrial]: 'GY',
  [OutfallCategory.UrbanWwtp]: 'WS',
  [OutfallCategory.Agricultural]: 'NY',
  [OutfallCategory.Other]: 'QT',
};

export enum WaterKind {
  River = 'river',
  Lake = 'lake',
  Reservoir = 'reservoir',
  Canal = 'canal',
}

export const WATER_KIND_LABELS: LabelMap<WaterKind> = {
  [WaterKind.River]: { zh: '河流', en: 'River' },
  [WaterKind.Lake]: { zh: '湖泊', en: 'Lake' },
  [WaterKind.Reservoir]: { zh: '水库', en: 'Reservoir' },
  [WaterKind.Canal]: { zh: '渠道', en: 'Canal' },
};

export enum WaterLevel {
  Region = 'region',
  Prefecture = 'prefecture',
  County = 'county',
}

export const WATER_LEVEL_LABELS: LabelMap<WaterLevel> = {
  [WaterLevel.Region]: { zh: '自治区级', en: 'Autonomous region' },
  [WaterLevel.Prefecture]: { zh: '州级', en: 'Prefecture' },
  [WaterLevel.County]: { zh: '县市级', en: 'County / city' },
};

export enum ProtectedAreaKind {
  EcologicalRedLine = 'ecological_red_line',
  DrinkingWaterLevel1 = 'drinking_water_level_1',
  DrinkingWaterLevel2 = 'drinking_water_level_2',
  NatureReserve = 'nature_reserve',
  OtherProtected = 'other_protected',
}

export const PROTECTED_AREA_KIND_LABELS: LabelMap<ProtectedAreaKind> = {
  [ProtectedAreaKind.EcologicalRedLine]: { zh: '生态保护红线', en: 'Ecological red line' },
  [ProtectedAreaKind.DrinkingWaterLevel1]: {
    zh: '饮用水水源一级保护区',
    en: 'Drinking-water source zone, level 1',
  },
  [ProtectedAreaKind.DrinkingWaterLevel2]: {
    zh: '饮用水水源二级保护区',
    en: 'Drinking-water source zone, level 2',
  },
  [ProtectedAreaKind.NatureReserve]: { zh: '自然保护地', en: 'Nature reserve' },
  [ProtectedAreaKind.OtherProtected]: { zh: '其他需特殊保护区域', en: 'Other specially protected area' },
};

/** GB 3838-2002 surface-water classes. */
export enum WaterClass {
  I = 'I',
  II = 'II',
  III = 'III',
  IV = 'IV',
  V = 'V',
}

/** Whether a water-function zone meets its target class; unknown is not "met" and needs review. */
export enum ZoneTargetStatus {
  Met = 'met',
  NotMet = 'not_met',
  Unknown = 'unknown',
}

export const ZONE_TARGET_STATUS_LABELS: LabelMap<ZoneTargetStatus> = {
  [ZoneTargetStatus.Met]: { zh: '达标', en: 'Meets target' },
  [ZoneTargetStatus.NotMet]: { zh: '未达标', en: 'Misses target' },
  [ZoneTargetStatus.Unknown]: { zh: '未知', en: 'Unknown' },
};

/** The stored `target_met` (null when unknown) as a status. */
export function zoneTargetStatus(targetMet: boolean | null | undefined): ZoneTargetStatus {
  if (targetMet === true) return ZoneTargetStatus.Met;
  if (targetMet === false) return ZoneTargetStatus.NotMet;
  return ZoneTargetStatus.Unknown;
}

export enum OutfallArea {
  Key = 'key',
  General = 'general',
}

export const OUTFALL_AREA_LABELS: LabelMap<OutfallArea> = {
  [OutfallArea.Key]: { zh: '重点区域', en: 'Key area' },
  [OutfallArea.General]: { zh: '一般区域', en: 'General area' },
};

export enum Bank {
  Left = 'left',
  Right = 'right',
  Unknown = 'unknown',
}

export const BANK_LABELS: LabelMap<Bank> = {
  [Bank.Left]: { zh: '左岸', en: 'Left bank' },
  [Bank.Right]: { zh: '右岸', en: 'Right bank' },
  [Bank.Unknown]: { zh: '不详', en: 'Unknown' },
};

export enum DischargeMode {
  Continuous = 'continuous',
  Intermittent = 'intermittent',
  Seasonal = 'seasonal',
  NoneSeen = 'none_seen',
}

export const DISCHARGE_MODE_LABELS: LabelMap<DischargeMode> = {
  [DischargeMode.Continuous]: { zh: '连续排放', en: 'Continuous' },
  [DischargeMode.Intermittent]: { zh: '间歇排放', en: 'Intermittent' },
  [DischargeMode.Seasonal]: { zh: '季节性排放', en: 'Seasonal' },
  [DischargeMode.NoneSeen]: { zh: '未见排放', en: 'None seen' },
};

export enum DischargeMethod {
  Pipe = 'pipe',
  Culvert = 'culvert',
  OpenChannel = 'open_channel',
  Ditch = 'ditch',
  Seepage = 'seepage',
  Other = 'other',
}

export const DISCHARGE_METHOD_LABELS: LabelMap<DischargeMethod> = {
  [DischargeMethod.Pipe]: { zh: '管道', en: 'Pipe' },
  [DischargeMethod.Culvert]: { zh: '涵闸', en: 'Culvert' },
  [DischargeMethod.OpenChannel]: { zh: '明渠', en: 'Open channel' },
  [DischargeMethod.Ditch]: { zh: '沟渠', en: 'Ditch' },
  [DischargeMethod.Seepage]: { zh: '渗流', en: 'Seepage' },
  [DischargeMethod.Other]: { zh: '其他', en: 'Other' },
};

export enum SetupApproval {
  NotRequired = 'not_required',
  Approved = 'approved',
  Filed = 'filed',
  Pending = 'pending',
  Unapproved = 'unapproved',
}

export const SETUP_APPROVAL_LABELS: LabelMap<SetupApproval> = {
  [SetupApproval.NotRequired]: { zh: '无需审批', en: 'Not required' },
  [SetupApproval.Approved]: { zh: '已审批', en: 'Approved' },
  [SetupApproval.Filed]: { zh: '已登记备案', en: 'Registered (filed)' },
  [SetupApproval.Pending]: { zh: '审批中', en: 'Pending' },
  [SetupApproval.Unapproved]: { zh: '未审批', en: 'Not approved' },
};

/** Dated milestones of an outfall, in the order they normally happen. */
export enum MilestoneType {
  Registered = 'registered',
  Investigated = 'investigated',
  Monitored = 'monitored',
  Traced = 'traced',
  RemediationDecided = 'remediation_decided',
  RemediationCompleted = 'remediation_completed',
  Verified = 'verified',
}

export const MILESTONE_ORDER: readonly MilestoneType[] = [
  MilestoneType.Registered,
  MilestoneType.Investigated,
  MilestoneType.Monitored,
  MilestoneType.Traced,
  MilestoneType.RemediationDecided,
  MilestoneType.RemediationCompleted,
  MilestoneType.Verified,
];

export const MILESTONE_LABELS: LabelMap<MilestoneType> = {
  [MilestoneType.Registered]: { zh: '登记', en: 'Registered' },
  [MilestoneType.Investigated]: { zh: '现场排查', en: 'Investigated on site' },
  [MilestoneType.Monitored]: { zh: '监测', en: 'Monitored' },
  [MilestoneType.Traced]: { zh: '溯源', en: 'Traced' },
  [MilestoneType.RemediationDecided]: { zh: '确定整治方式', en: 'Remediation decided' },
  [MilestoneType.RemediationCompleted]: { zh: '整治完成', en: 'Remediation completed' },
  [MilestoneType.Verified]: { zh: '核查销号', en: 'Verified' },
};

export enum EntityKind {
  Enterprise = 'enterprise',
  WwtpOperator = 'wwtp_operator',
  Farm = 'farm',
  TownshipGovernment = 'township_government',
  Institution = 'institution',
  Other = 'other',
}

export const ENTITY_KIND_LABELS: LabelMap<EntityKind> = {
  [EntityKind.Enterprise]: { zh: '企业', en: 'Enterprise' },
  [EntityKind.WwtpOperator]: { zh: '污水处理厂运营单位', en: 'WWTP operator' },
  [EntityKind.Farm]: { zh: '养殖场（户）', en: 'Farm' },
  [EntityKind.TownshipGovernment]: { zh: '乡镇（街道）', en: 'Township / sub-district government' },
  [EntityKind.Institution]: { zh: '事业单位', en: 'Institution' },
  [EntityKind.Other]: { zh: '其他', en: 'Other' },
};

/**
 * The workflows that own milestones. A milestone a workflow owns is set only by it (or, for remediation done
 * before the platform existed, by the eco branch's back-entry 补录): never by hand, import or API key.
 */
export enum MilestoneWorkflow {
  /** The outfall record itself: set when it is registered (create or import); corrections by hand. */
  Registration = 'registration',
  Samples = 'samples',
  Tracing = 'tracing',
  Disposition = 'disposition',
  RemediationPlan = 'remediation_plan',
}

export const MILESTONE_WORKFLOW_LABELS: LabelMap<MilestoneWorkflow> = {
  [MilestoneWorkflow.Registration]: { zh: '排污口登记', en: 'Outfall registration' },
  [MilestoneWorkflow.Samples]: { zh: '监测采样', en: 'Samples' },
  [MilestoneWorkflow.Tracing]: { zh: '溯源记录', en: 'Tracing records' },
  [MilestoneWorkflow.Disposition]: { zh: '整治方式认定（三个一批）', en: 'Disposition decision' },
  [MilestoneWorkflow.RemediationPlan]: { zh: '一口一策（完成、核查销号）', en: 'Remediation plan' },
};

export interface MilestoneRule {
  /** `hand`: entered by hand (REST, GraphQL, API key) by whoever may write the outfall. */
  setBy: 'hand' | 'workflow';
  /** The workflow that sets it (for `hand`, the one that creates it first, if any). */
  workflow: MilestoneWorkflow | null;
  /** The eco branch may back-enter it (补录) for work done before the platform existed. */
  backEntry: boolean;
  /** The endpoint or action that sets a workflow-owned milestone. */
  via: string | null;
}

/** Who may set each milestone: the one rule every write path asks (docs/milestones.md). */
export const MILESTONE_RULES: Record<MilestoneType, MilestoneRule> = {
  [MilestoneType.Registered]: {
    setBy: 'hand',
    workflow: MilestoneWorkflow.Registration,
    backEntry: false,
    via: null,
  },
  [MilestoneType.Investigated]: { setBy: 'hand', workflow: null, backEntry: false, via: null },
  [MilestoneType.Monitored]: {
    setBy: 'workflow',
    workflow: MilestoneWorkflow.Samples,
    backEntry: false,
    via: 'POST /samples (the earliest sample day)',
  },
  [MilestoneType.Traced]: {
    setBy: 'workflow',
    workflow: MilestoneWorkflow.Tracing,
    backEntry: false,
    via: 'POST /outfalls/:id/tracing with complete and completedOn',
  },
  [MilestoneType.RemediationDecided]: {
    setBy: 'workflow',
    workflow: MilestoneWorkflow.Disposition,
    backEntry: false,
    via: 'PUT /outfalls/:id/disposition',
  },
  [MilestoneType.RemediationCompleted]: {
    setBy: 'workflow',
    workflow: MilestoneWorkflow.RemediationPlan,
    backEntry: true,
    via: 'POST /remediation/plans/:id/transitions {action: complete}',
  },
  [MilestoneType.Verified]: {
    setBy: 'workflow',
    workflow: MilestoneWorkflow.RemediationPlan,
    backEntry: true,
    via: 'POST /remediation/plans/:id/transitions {action: verify}',
  },
};
