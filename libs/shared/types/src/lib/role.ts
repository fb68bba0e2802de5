import type { LabelMap } from './label';

/** Account roles (the plan's 职责分工). The public has no account and sees only what is published. */
export enum Role {
  SystemAdmin = 'system_admin',
  EcologyBranch = 'ecology_branch',
  WaterBureau = 'water_bureau',
  SectorDepartment = 'sector_department',
  Township = 'township',
}

export const ROLE_LABELS: LabelMap<Role> = {
  [Role.SystemAdmin]: { zh: '系统管理员', en: 'System administrator' },
  [Role.EcologyBranch]: { zh: '生态环境分局', en: 'Ecology & environment branch' },
  [Role.WaterBureau]: { zh: '水利局（河湖长办）', en: 'Water bureau (river-chief office)' },
  [Role.SectorDepartment]: { zh: '行业主管部门', en: 'Sector department' },
  [Role.Township]: { zh: '乡镇（街道）', en: 'Township / sub-district' },
};

/** Fine-grained permissions; every guarded route names the ones it needs. */
export enum Permission {
  OrgRead = 'org:read',
  OrgWrite = 'org:write',
  UnitLiaisonWrite = 'unit:liaison:write',
  UserRead = 'user:read',
  UserManage = 'user:manage',
  ApiKeyManage = 'api-key:manage',
  AuditRead = 'audit:read',
  JobRead = 'job:read',
  DirectoryRead = 'directory:read',
  DirectoryWrite = 'directory:write',
  /** Rivers, function zones, protected areas: reference layers every derived flag depends on. */
  LayerWrite = 'layer:write',
  Approve = 'remediation:approve',
  MonitoringWrite = 'monitoring:write',
  StandardsManage = 'standards:manage',
  RemediationWrite = 'remediation:write',
  /** Targets and forced snapshot recomputes: system admins. */
  ProgressManage = 'progress:manage',
  /** File setup applications (设置申请) and registrations (登记), record notifications. */
  SetupReviewWrite = 'setup-review:write',
  /** Decide setup applications (审批): the eco branch. */
  SetupReviewDecide = 'setup-review:decide',
  /** Discharge permits (排污许可) and their self-monitoring duty. */
  PermitWrite = 'permit:write',
  /** Enforcement cases (执法): the eco branch's law-enforcement. */
  EnforcementWrite = 'enforcement:write',
  /** Patrol records (巡查) of the responsible unit. */
  PatrolWrite = 'patrol:write',
  /** Patrol and monitoring schedules, required indicators, signage settings (监管配置). */
  SupervisionConfigure = 'supervision:configure',
  /** The departments' base lists (规模以上工业企业、畜禽养殖场、水产养殖场清单). */
  SourceListWrite = 'source-list:write',
  /** Which fields the public sees (公开字段配置): the eco branch. */
  PublicationManage = 'publication:manage',
  /** Triage public reports (举报处理): assignment city-wide by the eco branch, handling by the assigned unit. */
  PublicReportTriage = 'public-report:triage',
  /** Tasks with lead, cooperating and responsible units (任务分工). */
  TaskManage = 'task:manage',
  /** Rivers, sections and their river chiefs (河湖长): the water bureau. */
  RiverChiefWrite = 'river-chief:write',
  /** Send supervision notices (督办), review submissions, configure assessment (考核): the eco branch. */
  AccountabilityManage = 'accountability:manage',
  /** Respond to notices and submit the unit's quarterly information (信息报送): every unit's liaison. */
  SubmissionWrite = 'submission:write',
  /** Edit, sign off and issue the quarterly dispatch report (调度报告签发). */
  ReportIssue = 'report:issue',
}

export const PERMISSION_LABELS: LabelMap<Permission> = {
  [Permission.OrgRead]: { zh: '查看区划与单位', en: 'Read divisions and units' },
  [Permission.OrgWrite]: { zh: '维护区划与单位', en: 'Maintain divisions and units' },
  [Permission.UnitLiaisonWrite]: { zh: '维护本单位联络员', en: 'Maintain own unit liaison' },
  [Permission.UserRead]: { zh: '查看账号', en: 'Read accounts' },
  [Permission.UserManage]: { zh: '管理账号', en: 'Manage accounts' },
  [Permission.ApiKeyManage]: { zh: '管理接口密钥', en: 'Manage API keys' },
  [Permission.AuditRead]: { zh: '查看审计日志', en: 'Read the audit trail' },
  [Permission.JobRead]: { zh: '查看后台任务', en: 'Read background jobs' },
  [Permission.DirectoryRead]: { zh: '查看排污口名录', en: 'Read the outfall directory' },
  [Permission.DirectoryWrite]: { zh: '维护排污口名录', en: 'Write the outfall directory' },
  [Permission.LayerWrite]: { zh: '维护河湖与保护区图层', en: 'Maintain water and protected-area layers' },
  [Permission.Approve]: { zh: '审批与核查销号', en: 'Approve and verify' },
  [Permission.MonitoringWrite]: { zh: '录入监测与溯源', en: 'Enter monitoring and tracing' },
  [Permission.ProgressManage]: { zh: '维护目标与季度快照', en: 'Maintain targets and quarterly snapshots' },
  [Permission.RemediationWrite]: { zh: '编制与实施一口一策', en: 'Draft and carry out remediation plans' },
  [Permission.StandardsManage]: { zh: '维护排放标准与监测指标', en: 'Maintain standards and indicators' },
  [Permission.SetupReviewWrite]: {
    zh: '报送设置申请与登记',
    en: 'File setup applications and registrations',
  },
  [Permission.SetupReviewDecide]: { zh: '审批排污口设置', en: 'Decide setup applications' },
  [Permission.PermitWrite]: {
    zh: '维护排污许可与自行监测',
    en: 'Maintain discharge permits and self-monitoring',
  },
  [Permission.EnforcementWrite]: { zh: '办理执法案件', en: 'Handle enforcement cases' },
  [Permission.PatrolWrite]: { zh: '录入巡查记录', en: 'Record patrols' },
  [Permission.SupervisionConfigure]: { zh: '维护监管配置', en: 'Configure supervision' },
  [Permission.SourceListWrite]: { zh: '维护部门基础清单', en: 'Maintain department base lists' },
  [Permission.PublicationManage]: { zh: '维护公开字段', en: 'Manage what is published' },
  [Permission.PublicReportTriage]: { zh: '办理公众举报', en: 'Triage public reports' },
  [Permission.TaskManage]: { zh: '维护任务分工', en: 'Manage tasks' },
  [Permission.RiverChiefWrite]: { zh: '维护河湖长信息', en: 'Maintain river chiefs' },
  [Permission.AccountabilityManage]: {
    zh: '督办、审核报送与考核',
    en: 'Notices, submission review and assessment',
  },
  [Permission.SubmissionWrite]: { zh: '报送信息与回复督办', en: 'Submit information and answer notices' },
  [Permission.ReportIssue]: { zh: '签发调度报告', en: 'Issue the dispatch report' },
};

const READ_ALL: Permission[] = [Permission.OrgRead, Permission.JobRead, Permission.DirectoryRead];

/**
 * What each role may do. Jurisdiction (which records) is decided separately, in the service layer:
 * township accounts only see and write inside their own division; sector departments write only
 * within their sector's outfall categories.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.SystemAdmin]: Object.values(Permission),
  [Role.EcologyBranch]: [
    ...READ_ALL,
    Permission.UnitLiaisonWrite,
    Permission.UserRead,
    Permission.AuditRead,
    Permission.DirectoryWrite,
    Permission.LayerWrite,
    Permission.Approve,
    Permission.MonitoringWrite,
    Permission.StandardsManage,
    Permission.RemediationWrite,
    Permission.SetupReviewWrite,
    Permission.SetupReviewDecide,
    Permission.PermitWrite,
    Permission.EnforcementWrite,
    Permission.PatrolWrite,
    Permission.SupervisionConfigure,
    Permission.SourceListWrite,
    Permission.PublicationManage,
    Permission.PublicReportTriage,
    Permission.TaskManage,
    Permission.RiverChiefWrite,
    Permission.AccountabilityManage,
    Permission.SubmissionWrite,
    Permission.ReportIssue,
  ],
  [Role.WaterBureau]: [
    ...READ_ALL,
    Permission.UnitLiaisonWrite,
    Permission.DirectoryWrite,
    Permission.LayerWrite,
    Permission.PatrolWrite,
    Permission.PublicReportTriage,
    Permission.RiverChiefWrite,
    Permission.SubmissionWrite,
  ],
  [Role.SectorDepartment]: [
    ...READ_ALL,
    Permission.UnitLiaisonWrite,
    Permission.DirectoryWrite,
    Permission.MonitoringWrite,
    Permission.RemediationWrite,
    Permission.SetupReviewWrite,
    Permission.PatrolWrite,
    Permission.SourceListWrite,
    Permission.PublicReportTriage,
    Permission.SubmissionWrite,
  ],
  [Role.Township]: [
    ...READ_ALL,
    Permission.UnitLiaisonWrite,
    Permission.DirectoryWrite,
    Permission.MonitoringWrite,
    Permission.RemediationWrite,
    Permission.SetupReviewWrite,
    Permission.PatrolWrite,
    Permission.PublicReportTriage,
    Permission.SubmissionWrite,
  ],
};

/** Roles whose reads are not limited to a division. */
export const CITY_WIDE_ROLES: readonly Role[] = [
  Role.SystemAdmin,
  Role.EcologyBranch,
  Role.WaterBureau,
  Role.SectorDepartment,
];

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
