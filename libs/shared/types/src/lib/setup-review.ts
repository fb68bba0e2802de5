import type { LabelMap } from './label';
import { OutfallCategory } from './org';
import { SetupApproval } from './directory';

/** What an application asks for: a new outfall, or a change or enlargement of an existing one. */
export enum SetupKind {
  New = 'new',
  Change = 'change',
  Enlarge = 'enlarge',
}

export const SETUP_KIND_LABELS: LabelMap<SetupKind> = {
  [SetupKind.New]: { zh: '新设', en: 'New' },
  [SetupKind.Change]: { zh: '改设', en: 'Change' },
  [SetupKind.Enlarge]: { zh: '扩大', en: 'Enlarge' },
};

/** 审批 (approval) or 登记 (registration), decided by the outfall's category. */
export enum SetupRoute {
  Approval = 'approval',
  Registration = 'registration',
}

export const SETUP_ROUTE_LABELS: LabelMap<SetupRoute> = {
  [SetupRoute.Approval]: { zh: '审批', en: 'Approval' },
  [SetupRoute.Registration]: { zh: '登记', en: 'Registration' },
};

export enum SetupStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Approved = 'approved',
  Filed = 'filed',
  Refused = 'refused',
}

export const SETUP_STATUS_LABELS: LabelMap<SetupStatus> = {
  [SetupStatus.Draft]: { zh: '草稿', en: 'Draft' },
  [SetupStatus.Submitted]: { zh: '已报送', en: 'Submitted' },
  [SetupStatus.Approved]: { zh: '已批准', en: 'Approved' },
  [SetupStatus.Filed]: { zh: '已备案', en: 'Filed' },
  [SetupStatus.Refused]: { zh: '不予批准（备案）', en: 'Refused' },
};

export enum SetupDecision {
  Approve = 'approve',
  Refuse = 'refuse',
}

export const SETUP_DECISION_LABELS: LabelMap<SetupDecision> = {
  [SetupDecision.Approve]: { zh: '同意', en: 'Approve' },
  [SetupDecision.Refuse]: { zh: '不同意', en: 'Refuse' },
};

/** The rules shown to the reviewer. */
export enum SetupRule {
  ZoneTargetMissed = 'zone_target_missed',
  DrinkingWaterArea = 'drinking_water_area',
  ZoneStatusUnknown = 'zone_status_unknown',
  WaterAdminConsultation = 'water_admin_consultation',
}

export const SETUP_RULE_LABELS: LabelMap<SetupRule> = {
  [SetupRule.ZoneTargetMissed]: { zh: '水功能区水质达标', en: 'Function zone meets its target' },
  [SetupRule.DrinkingWaterArea]: { zh: '饮用水水源保护区', en: 'Drinking-water protected area' },
  [SetupRule.ZoneStatusUnknown]: { zh: '水功能区达标情况', en: 'Function zone status known' },
  [SetupRule.WaterAdminConsultation]: {
    zh: '水行政主管部门意见',
    en: 'Water administration consulted',
  },
};

export enum SetupRuleOutcome {
  Pass = 'pass',
  Refuse = 'refuse',
  NeedsReview = 'needs_review',
  ConsultationRequired = 'consultation_required',
}

export const SETUP_RULE_OUTCOME_LABELS: LabelMap<SetupRuleOutcome> = {
  [SetupRuleOutcome.Pass]: { zh: '通过', en: 'Pass' },
  [SetupRuleOutcome.Refuse]: { zh: '不予设置', en: 'Refuse' },
  [SetupRuleOutcome.NeedsReview]: { zh: '需人工核查', en: 'Needs review' },
  [SetupRuleOutcome.ConsultationRequired]: { zh: '需征求水行政主管部门意见', en: 'Consultation required' },
};

/** Possible effects on water administration's concerns, flagged on an application. */
export enum WaterImpact {
  FloodControl = 'flood_control',
  WaterSupply = 'water_supply',
  Embankment = 'embankment',
  RiverStability = 'river_stability',
}

export const WATER_IMPACT_LABELS: LabelMap<WaterImpact> = {
  [WaterImpact.FloodControl]: { zh: '防洪', en: 'Flood control' },
  [WaterImpact.WaterSupply]: { zh: '供水', en: 'Water supply' },
  [WaterImpact.Embankment]: { zh: '堤防安全', en: 'Embankments' },
  [WaterImpact.RiverStability]: { zh: '河势稳定', en: 'River stability' },
};

/**
 * 《入河排污口监督管理办法》: industrial/mining (incl. industrial-park WWTP outfalls, which HJ 1312 classes as
 * industrial) and urban WWTP outfalls need approval; the others file a registration.
 */
export const APPROVAL_CATEGORIES: readonly OutfallCategory[] = [
  OutfallCategory.Industrial,
  OutfallCategory.UrbanWwtp,
];

export function setupRouteOf(category: OutfallCategory): SetupRoute {
  return APPROVAL_CATEGORIES.includes(category) ? SetupRoute.Approval : SetupRoute.Registration;
}

/** The `setupApproval` values an outfall of each route may carry (null = not recorded). */
export const SETUP_APPROVALS_BY_ROUTE: Record<SetupRoute, readonly SetupApproval[]> = {
  [SetupRoute.Approval]: [SetupApproval.Approved, SetupApproval.Pending, SetupApproval.Unapproved],
  // `unapproved` here: set up without the registration (no filing), which the disposition rules flag
  [SetupRoute.Registration]: [
    SetupApproval.Filed,
    SetupApproval.Pending,
    SetupApproval.NotRequired,
    SetupApproval.Unapproved,
  ],
};

/** Why a category follows its route, in Chinese and English. */
export function setupRouteReason(category: OutfallCategory): { zh: string; en: string } {
  const route = setupRouteOf(category);
  return route === SetupRoute.Approval
    ? {
        zh: '工矿企业、工业园区污水处理厂和城镇污水处理厂入河排污口的设置实行审批',
        en: 'industrial/mining, industrial-park WWTP and urban WWTP outfalls need approval',
      }
    : {
        zh: '工矿企业、工业园区污水处理厂和城镇污水处理厂以外的入河排污口，设置前进行登记（备案），不审批',
        en: 'other outfalls file a registration before being set up; they are not approved',
      };
}
