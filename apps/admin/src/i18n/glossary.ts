import * as shared from '@outfall/shared-types';
import {
  API_KEY_SCOPE_LABELS,
  AUDIT_ENTITY_TYPE_LABELS,
  BANK_LABELS,
  CASE_ORIGIN_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  DISPATCH_REPORT_STATUS_LABELS,
  DISPOSITION_LABELS,
  DIVISION_LEVEL_LABELS,
  ENTITY_KIND_LABELS,
  JOB_STATE_LABELS,
  MILESTONE_LABELS,
  MONITORING_FREQUENCY_LABELS,
  NOTICE_STATUS_LABELS,
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  PATROL_FINDING_KIND_LABELS,
  PATROL_FLOW_LABELS,
  PLAN_ACTION_LABELS,
  PLAN_STATUS_LABELS,
  PLANT_GRADE_LABELS,
  PROTECTED_AREA_KIND_LABELS,
  ROLE_LABELS,
  SAMPLE_SOURCE_LABELS,
  SETUP_APPROVAL_LABELS,
  SETUP_KIND_LABELS,
  SETUP_STATUS_LABELS,
  SEWAGE_ORIGIN_LABELS,
  SUBMISSION_STATUS_LABELS,
  TASK_STATUS_LABELS,
  TRACING_METHOD_LABELS,
  UNIT_KIND_LABELS,
  UPWARD_PACKAGE_STATUS_LABELS,
  VALUE_QUALIFIER_LABELS,
  WATER_KIND_LABELS,
  WATER_LEVEL_LABELS,
  type Label,
  type LabelMap,
  type Locale,
} from '@outfall/shared-types';

/**
 * The one glossary of stored codes the SPA shows: audited entity types, record field names and the enum values
 * inside audit diffs and timelines. Terms follow docs/domain.md (排污口、责任主体、溯源、整治、一口一策 …); pages
 * and the audit view read them from here so one concept has one name everywhere.
 */

/** Every entity type the API audits: one map with the server's sheets (libs/shared/types). */
export const ENTITY_TYPE_LABELS: Record<string, Label> = AUDIT_ENTITY_TYPE_LABELS;

/** The entity types in the audit filter, in the order of the campaign (directory first). */
export const AUDITED_ENTITY_TYPES = Object.keys(ENTITY_TYPE_LABELS);

/** Chinese names of record fields (audit diffs, import and API field errors). English is derived when absent. */
const FIELD_ZH: Record<string, string> = {
  action: '操作',
  active: '启用',
  actorName: '操作人',
  actorType: '操作人类型',
  address: '地址',
  afterPhotoIds: '整治后照片',
  applicant: '申请单位',
  approvedOn: '批准日期',
  area: '区域',
  areaMu: '面积（亩）',
  assignedOn: '交办日期',
  assignedUnitId: '承办单位',
  attachmentIds: '附件',
  attempt: '尝试次数',
  attempts: '尝试次数',
  backEntered: '历史补录',
  backEntryDocument: '补录依据文件',
  backEntryPhotoIds: '补录照片',
  backEntryReason: '补录原因',
  banCandidate: '疑似取缔',
  banReasons: '取缔依据',
  bank: '岸别',
  basis: '依据',
  beforePhotoIds: '整治前照片',
  boundary: '边界',
  boundaryDivisionId: '边界所在乡镇',
  boundarySource: '边界来源',
  builtin: '内置',
  candidateSourceId: '候选污染源',
  caseId: '案件',
  caseNo: '案件编号',
  categories: '类别',
  category: '排污口类别',
  claimedUntil: '占用至',
  closedOn: '结案日期',
  closingNote: '结案说明',
  code: '编码',
  complete: '已完成',
  completedOn: '完成日期',
  complianceSampleId: '达标监测记录',
  compliant: '达标',
  conclusion: '结论',
  conditions: '条件',
  consecutiveFailures: '连续失败次数',
  consultationAuthority: '征求意见单位',
  consultationDocumentNumber: '征求意见文号',
  consultationOpinion: '征求意见',
  consultedOn: '征求意见日期',
  contact: '联系人',
  contactName: '联系人',
  contactPhone: '联系电话',
  contentType: '文件类型',
  createdAt: '创建时间',
  createdById: '创建人',
  credentialsChangedAt: '凭据修改时间',
  creditCode: '统一社会信用代码',
  data: '数据',
  dataTime: '数据时间',
  deadline: '整治时限',
  decidedById: '决定人',
  decidedOn: '决定日期',
  decimals: '小数位数',
  decision: '决定',
  description: '说明',
  designatedOn: '划定日期',
  detectionLimit: '检出限',
  deviation: '偏差',
  deviationDirection: '偏差方向',
  disabledAt: '停用时间',
  disabledReason: '停用原因',
  dischargeMethod: '排放形式',
  dischargeMode: '排放方式',
  discoveredOn: '发现日期',
  displayName: '显示名',
  disposition: '处置方式（三个一批）',
  distanceFlagged: '距离存疑',
  distanceLimitM: '距离上限（米）',
  distanceM: '距离（米）',
  divisionDerived: '乡镇由边界判定',
  divisionId: '所在乡镇（街道）',
  documentNumber: '文号',
  documents: '文件',
  dueOn: '到期日期',
  duplicateCount: '疑似重复数',
  duplicateOfId: '疑似重复于',
  durationMs: '耗时（毫秒）',
  editedByName: '修改人',
  effectiveFrom: '生效日期',
  effectiveOn: '发生日期',
  effectiveUntil: '失效日期',
  endOn: '结束日期',
  enforcementCaseId: '执法案件',
  entityId: '对象',
  entityName: '责任主体名称',
  entityType: '对象类型',
  error: '错误',
  eventType: '事件类型',
  evidenceIds: '证据',
  exceedanceMultiple: '超标倍数',
  exceeding: '超标',
  exceedingCount: '超标次数',
  explanationEn: '说明（英文）',
  explanationZh: '说明（中文）',
  fileName: '文件名',
  findingCount: '问题数',
  finishedAt: '结束时间',
  flowEstimate: '估算水量',
  flowRate: '流量',
  frequency: '监测频次',
  fromDescription: '原描述',
  fromStatus: '原状态',
  functionZoneDerived: '水功能区由边界判定',
  functionZoneId: '水功能区',
  geometry: '空间范围',
  grade: '执行等级',
  headCount: '存栏量',
  inIndustrialPark: '位于工业园区',
  indicatorCode: '监测指标',
  indicatorCodes: '监测指标',
  industryCode: '行业代码',
  industryPrefix: '行业代码前缀',
  installed: '已安装',
  installedOn: '安装日期',
  interim: '临时措施',
  intervalDays: '间隔天数',
  isFallback: '兜底责任主体',
  isKey: '重点',
  isMain: '主要责任主体',
  issuedAt: '签发时间',
  issuedById: '签发人',
  issuedByName: '签发人',
  issuingAuthority: '发证机关',
  keyDistanceM: '距重点河流（米）',
  keyRiver: '重点河流',
  keyWaterBodyId: '最近重点河流',
  kind: '类型',
  kindOther: '其他类型说明',
  laboratory: '检测机构',
  lastError: '最近错误',
  lastLoginAt: '最近登录时间',
  lastUsedAt: '最近使用时间',
  latitude: '纬度',
  legalBasis: '法律依据',
  legalRepresentative: '法定代表人',
  level: '级别',
  liaisonName: '联络员姓名',
  liaisonPhone: '联络员电话',
  liaisonPosition: '联络员职务',
  limitText: '限值说明',
  limitValue: '限值',
  localCode: '本地编码',
  location: '位置',
  longitude: '经度',
  mainFactors: '主要因素',
  matchedEntityId: '匹配的责任主体',
  measured: '实测值',
  measures: '整治措施',
  mergeIntoId: '归并至',
  mergeReason: '合并原因',
  mergedIntoId: '合并至',
  meteringInstalled: '已安装计量设施',
  method: '方法',
  milestones: '节点',
  monitorId: '监测设备',
  name: '名称',
  nameEn: '英文名称',
  nameZh: '中文名称',
  nationalCode: '国家统一编码',
  note: '备注',
  notes: '备注',
  occurredAt: '发生时间',
  origin: '来源',
  originDetail: '来源说明',
  outcome: '结果',
  outcomeNote: '结果说明',
  outfallCode: '排污口编码',
  outfallId: '排污口',
  outfallIds: '排污口',
  outfallName: '排污口名称',
  outletId: '排放口',
  overrideReason: '调整原因',
  overrideStandardId: '调整后的标准',
  ownerUnitId: '所属单位',
  parentId: '上级',
  patrolDay: '巡查日',
  patrolId: '巡查记录',
  patrolledAt: '巡查时间',
  patrollerId: '巡查人',
  patrollerNames: '巡查人员',
  penaltyAmount: '罚款金额',
  penaltyDecidedOn: '处罚决定日期',
  penaltyDocumentNo: '处罚决定书文号',
  permitId: '排污许可证',
  permitNumber: '排污许可证编号',
  phone: '电话',
  plantBuiltOn: '污水处理厂建成日期',
  plantGrade: '执行等级',
  pollutants: '主要污染物',
  position: '职务',
  preparedByName: '编制人',
  problemNotes: '问题说明',
  problems: '问题',
  progress: '进展',
  progressNotes: '进展说明',
  publicReply: '公开答复',
  publicText: '公开内容',
  published: '已公开',
  publishedAt: '公开时间',
  qualifier: '数据标识',
  quarter: '季度',
  readings: '监测结果',
  reason: '原因',
  receivedAt: '接收时间',
  receivedOn: '接收日期',
  receivingWater: '受纳水体',
  recordedAt: '录入时间',
  recordedBy: '录入人',
  rectificationDeadline: '整改期限',
  rectificationOrder: '整改通知',
  rectificationOrderedOn: '责令整改日期',
  refusalReasons: '不予批准理由',
  registeredOn: '登记日期',
  remediationPlanId: '整治方案',
  reportId: '报告',
  requiresRemediation: '需要整治',
  responsiblePerson: '责任人',
  responsiblePhone: '责任人电话',
  responsibleUnit: '责任单位',
  responsibleUnitId: '责任单位',
  result: '结果',
  returnReason: '退回原因',
  reviewNote: '复核意见',
  reviewState: '复核状态',
  reviewedAt: '复核时间',
  reviewedByName: '复核人',
  revision: '修订版本',
  revokedAt: '吊销时间',
  riverLengthKm: '河长（千米）',
  role: '角色',
  rows: '读数条数',
  ruleSource: '规则依据',
  rules: '规则',
  sampleId: '监测记录',
  sampleIds: '新增监测记录',
  sampledAt: '采样时间',
  sampledFrom: '最早采样时间',
  sampledTo: '最晚采样时间',
  samplesCreated: '新增监测记录数',
  samplesUpdated: '修改监测记录数',
  scope: '范围',
  scopes: '权限范围',
  sectionId: '河段',
  sectorCategories: '主管类别',
  setupApproval: '设置审批',
  sewageOrigin: '污水来源',
  shoreline: '岸线',
  signageInstalled: '已设立标志牌',
  signageInstalledOn: '标志牌设立日期',
  sizeBytes: '文件大小',
  sizeMm: '口径（毫米）',
  sortOrder: '排序',
  source: '来源',
  sourceClause: '依据条款',
  sources: '数据来源',
  species: '养殖品种',
  standardId: '执行标准',
  startOn: '开始日期',
  startedAt: '开始时间',
  state: '状态',
  status: '状态',
  statusCode: '状态码',
  subType: '排污口子类',
  submittedAt: '提交时间',
  submittedOn: '提交日期',
  suggested: '系统建议',
  suggestionReasons: '建议理由',
  supervisingDepartment: '监管部门',
  supervisingPhone: '监督电话',
  targetClass: '目标水质类别',
  targetMet: '达到目标',
  targetState: '目标状态',
  title: '标题',
  toDescription: '新描述',
  toStatus: '新状态',
  tracedOn: '溯源日期',
  tracingId: '溯源记录',
  trackingNo: '查询编号',
  type: '类型',
  unitId: '单位',
  updatedAt: '更新时间',
  updatedSampleIds: '修改的监测记录',
  uploadedById: '上传人',
  url: '地址',
  username: '用户名',
  validFrom: '有效期起',
  validTo: '有效期止',
  value: '数值',
  valuesCreated: '新增监测数值数',
  valuesUpdated: '修改监测数值数',
  velocity: '流速',
  verifiedOn: '核查销号日期',
  version: '版本',
  via: '接入方式',
  waterBodyId: '受纳水体',
  waterImpacts: '涉水影响',
};

/** camelCase → "Camel case", without a trailing "Id" (English labels for fields no page names). */
function wordsOf(field: string): string {
  const words = field
    .replace(/Ids?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A record field's name: Chinese from the glossary (never the raw name in Chinese mode), English derived. */
export function fieldLabel(field: string, locale: Locale): string {
  const last =
    field
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? field;
  if (locale === 'en-US') return wordsOf(last);
  return FIELD_ZH[last] ?? FIELD_ZH[last.replace(/Ids?$/, '')] ?? '其他字段';
}

export function entityTypeLabel(type: string, locale: Locale): string {
  const label = ENTITY_TYPE_LABELS[type];
  if (label) return locale === 'en-US' ? label.en : label.zh;
  return locale === 'en-US' ? wordsOf(type.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())) : '其他对象';
}

type AnyLabels = LabelMap<string>;
const as = <T extends string>(labels: LabelMap<T>): AnyLabels => labels as AnyLabels;

/** The steps of the notice and submission workflows (`action` in their histories). */
const WORKFLOW_ACTIONS: AnyLabels = {
  send: { zh: '下发', en: 'Sent' },
  respond: { zh: '回复', en: 'Responded' },
  accept: { zh: '通过', en: 'Accepted' },
  close: { zh: '办结', en: 'Closed' },
  confirm: { zh: '确认', en: 'Confirmed' },
  submit: { zh: '提交', en: 'Submitted' },
  resubmit: { zh: '重新提交', en: 'Resubmitted' },
};

/** Enum-valued fields: `entityType.field` first (status means different things), then the field alone. */
const VALUE_LABELS: Record<string, AnyLabels> = {
  category: as(OUTFALL_CATEGORY_LABELS),
  subType: as(OUTFALL_SUB_TYPE_LABELS),
  bank: as(BANK_LABELS),
  area: as(OUTFALL_AREA_LABELS),
  dischargeMode: as(DISCHARGE_MODE_LABELS),
  dischargeMethod: as(DISCHARGE_METHOD_LABELS),
  setupApproval: as(SETUP_APPROVAL_LABELS),
  disposition: as(DISPOSITION_LABELS),
  suggested: as(DISPOSITION_LABELS),
  role: as(ROLE_LABELS),
  scopes: as(API_KEY_SCOPE_LABELS),
  sewageOrigin: as(SEWAGE_ORIGIN_LABELS),
  plantGrade: as(PLANT_GRADE_LABELS),
  qualifier: as(VALUE_QUALIFIER_LABELS),
  frequency: as(MONITORING_FREQUENCY_LABELS),
  origin: as(CASE_ORIGIN_LABELS),
  state: as(JOB_STATE_LABELS),
  'unit.kind': as(UNIT_KIND_LABELS),
  'responsible_entity.kind': as(ENTITY_KIND_LABELS),
  'outfall_event.type': as(MILESTONE_LABELS),
  'division.level': as(DIVISION_LEVEL_LABELS),
  'water_body.kind': as(WATER_KIND_LABELS),
  'water_body.level': as(WATER_LEVEL_LABELS),
  'protected_area.kind': as(PROTECTED_AREA_KIND_LABELS),
  'sample.source': as(SAMPLE_SOURCE_LABELS),
  'sample_batch.sources': as(SAMPLE_SOURCE_LABELS),
  'sample_batch.via': {
    batch_api: { zh: '批量接口', en: 'Batch API' },
    hj212: { zh: 'HJ 212 在线监测', en: 'HJ 212 online monitor' },
  },
  'tracing_record.method': as(TRACING_METHOD_LABELS),
  'enforcement_case.source': as(CASE_SOURCE_LABELS),
  'enforcement_case.status': as(CASE_STATUS_LABELS),
  'remediation_plan.status': as(PLAN_STATUS_LABELS),
  'remediation_plan.action': as(PLAN_ACTION_LABELS),
  action: { ...WORKFLOW_ACTIONS, ...as(PLAN_ACTION_LABELS) },
  'task.status': as(TASK_STATUS_LABELS),
  'setup_application.kind': as(SETUP_KIND_LABELS),
  'setup_application.status': as(SETUP_STATUS_LABELS),
  'quarterly_submission.status': as(SUBMISSION_STATUS_LABELS),
  'dispatch_report.status': as(DISPATCH_REPORT_STATUS_LABELS),
  'supervision_notice.status': as(NOTICE_STATUS_LABELS),
  'upward_package.status': as(UPWARD_PACKAGE_STATUS_LABELS),
  'patrol_finding.kind': as(PATROL_FINDING_KIND_LABELS),
  'patrol.flow': as(PATROL_FLOW_LABELS),
};

/** Where a record or milestone came from (`source` of milestones and layer rows). */
const RECORD_SOURCE: AnyLabels = {
  manual: { zh: '手工录入', en: 'Entered by hand' },
  import: { zh: '表格导入', en: 'Spreadsheet import' },
  'layer import': { zh: '图层导入', en: 'Layer import' },
  workflow: { zh: '业务流程', en: 'Workflow' },
  back_entry: { zh: '补录', en: 'Back-entry' },
  signage: { zh: '树标立牌', en: 'Signage' },
};

const OUTFALL_STATUS: AnyLabels = {
  active: { zh: '在册', en: 'Active' },
  merged: { zh: '已合并', en: 'Merged' },
};

/** Every bilingual label map the shared types export: the fallback for enum values no field names. */
const ANY_VALUE_LABELS: readonly AnyLabels[] = Object.entries(shared)
  .filter(([name, value]) => name.endsWith('_LABELS') && typeof value === 'object' && value !== null)
  .map(([, value]) => value as AnyLabels)
  .filter((labels) => Object.values(labels).every((label) => typeof label === 'object' && 'zh' in label));

function findLabel(labels: AnyLabels | undefined, value: string): Label | undefined {
  return labels && Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : undefined;
}

/** A stored enum value in the current language; other values (names, numbers, dates) unchanged. */
export function valueLabel(entityType: string, field: string, value: string, locale: Locale): string {
  const labels =
    VALUE_LABELS[`${entityType}.${field}`] ??
    (entityType === 'outfall' && field === 'status'
      ? OUTFALL_STATUS
      : field === 'source' && findLabel(RECORD_SOURCE, value)
        ? RECORD_SOURCE
        : VALUE_LABELS[field]);
  const label =
    findLabel(labels, value) ??
    // a code-shaped value (lower-case words joined by _) any shared label map knows
    (/^[a-z]+(_[a-z0-9]+)*$/.test(value)
      ? ANY_VALUE_LABELS.map((map) => findLabel(map, value)).find(Boolean)
      : undefined);
  if (!label) return value;
  return locale === 'en-US' ? label.en : label.zh;
}

const INDICATOR_FIELDS = new Set(['indicator', 'indicatorCode', 'indicatorCodes']);

/**
 * A diff value for display: booleans as 是/否, enum codes labelled, arrays item by item, nested records
 * (readings, decisions) as "field: value" pairs with the same labels — never raw JSON keys.
 */
export function showValue(entityType: string, field: string, value: unknown, locale: Locale): string {
  const english = locale === 'en-US';
  if (value === null || value === undefined || value === '') return '∅';
  if (typeof value === 'boolean') return english ? (value ? 'yes' : 'no') : value ? '是' : '否';
  // indicator codes in their written form (COD, NH3_N, pH), as on the monitoring pages
  if (typeof value === 'string' && INDICATOR_FIELDS.has(field))
    return value === 'ph' ? 'pH' : value.toUpperCase();
  if (typeof value === 'string') return valueLabel(entityType, field, value, locale);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => showValue(entityType, field, item, locale));
    return value.some((item) => typeof item === 'object' && item !== null)
      ? items.map((item) => `[${item}]`).join(' ')
      : items.join(english ? ', ' : '、');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([key, item]) =>
          `${fieldLabel(key, locale)}${english ? ': ' : '：'}${showValue(entityType, key, item, locale)}`,
      )
      .join(english ? '; ' : '；');
  }
  return String(value);
}
