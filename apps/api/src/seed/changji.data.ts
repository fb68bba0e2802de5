import { DivisionLevel, OutfallCategory, Role, UnitKind } from '@outfall/shared-types';

/**
 * Changji City (昌吉市) and its townships and sub-districts. Names follow the city's administrative
 * divisions; the 9-digit codes below the city code are synthetic placeholders for demo use (replace them
 * with the official GB/T 2260 / statistical codes when loading real data).
 */
export const CITY = { code: '652301', name: '昌吉市', level: DivisionLevel.City };

export const TOWNSHIPS: { code: string; name: string; level: DivisionLevel; unit: string }[] = [
  { code: '652301001', name: '宁边路街道', level: DivisionLevel.SubDistrict, unit: '宁边路街道办事处' },
  { code: '652301002', name: '延安北路街道', level: DivisionLevel.SubDistrict, unit: '延安北路街道办事处' },
  { code: '652301003', name: '北京南路街道', level: DivisionLevel.SubDistrict, unit: '北京南路街道办事处' },
  { code: '652301004', name: '中山路街道', level: DivisionLevel.SubDistrict, unit: '中山路街道办事处' },
  { code: '652301005', name: '建国路街道', level: DivisionLevel.SubDistrict, unit: '建国路街道办事处' },
  { code: '652301006', name: '绿洲路街道', level: DivisionLevel.SubDistrict, unit: '绿洲路街道办事处' },
  { code: '652301101', name: '六工镇', level: DivisionLevel.Township, unit: '六工镇人民政府' },
  { code: '652301102', name: '滨湖镇', level: DivisionLevel.Township, unit: '滨湖镇人民政府' },
  { code: '652301103', name: '佃坝镇', level: DivisionLevel.Township, unit: '佃坝镇人民政府' },
  { code: '652301104', name: '大西渠镇', level: DivisionLevel.Township, unit: '大西渠镇人民政府' },
  { code: '652301105', name: '三工镇', level: DivisionLevel.Township, unit: '三工镇人民政府' },
  { code: '652301106', name: '榆树沟镇', level: DivisionLevel.Township, unit: '榆树沟镇人民政府' },
  { code: '652301107', name: '硫磺沟镇', level: DivisionLevel.Township, unit: '硫磺沟镇人民政府' },
  { code: '652301108', name: '二六工镇', level: DivisionLevel.Township, unit: '二六工镇人民政府' },
  {
    code: '652301201',
    name: '阿什里哈萨克民族乡',
    level: DivisionLevel.Township,
    unit: '阿什里哈萨克民族乡人民政府',
  },
  { code: '652301202', name: '庙尔沟乡', level: DivisionLevel.Township, unit: '庙尔沟乡人民政府' },
];

/** The departments the plan names (职责分工), all with the whole city as jurisdiction. */
export const DEPARTMENTS: { name: string; kind: UnitKind; sectorCategories: OutfallCategory[] }[] = [
  { name: '州生态环境局昌吉市分局', kind: UnitKind.EcologyBranch, sectorCategories: [] },
  { name: '昌吉市水利局（河湖长制办公室）', kind: UnitKind.WaterBureau, sectorCategories: [] },
  {
    name: '昌吉市住房和城乡建设局',
    kind: UnitKind.Housing,
    sectorCategories: [OutfallCategory.UrbanWwtp, OutfallCategory.Other],
  },
  {
    name: '昌吉市农业农村局',
    kind: UnitKind.Agriculture,
    sectorCategories: [OutfallCategory.Agricultural, OutfallCategory.Other],
  },
  {
    name: '昌吉市商务和工业信息化局',
    kind: UnitKind.CommerceIndustry,
    sectorCategories: [OutfallCategory.Industrial],
  },
  { name: '昌吉市城市管理局', kind: UnitKind.UrbanManagement, sectorCategories: [] },
  { name: '昌吉市交通运输局', kind: UnitKind.Transport, sectorCategories: [] },
  { name: '昌吉市发展和改革委员会', kind: UnitKind.DevelopmentReform, sectorCategories: [] },
];

/** Demo accounts, one or more per role; every one uses DEMO_PASSWORD. */
export const DEMO_USERS: { username: string; displayName: string; role: Role; unit: string }[] = [
  {
    username: 'admin',
    displayName: '系统管理员（演示）',
    role: Role.SystemAdmin,
    unit: '州生态环境局昌吉市分局',
  },
  {
    username: 'eco_officer',
    displayName: '生态环境分局 李工（演示）',
    role: Role.EcologyBranch,
    unit: '州生态环境局昌吉市分局',
  },
  {
    username: 'water_officer',
    displayName: '水利局 王工（演示）',
    role: Role.WaterBureau,
    unit: '昌吉市水利局（河湖长制办公室）',
  },
  {
    username: 'housing_officer',
    displayName: '住建局 张工（演示）',
    role: Role.SectorDepartment,
    unit: '昌吉市住房和城乡建设局',
  },
  {
    username: 'agri_officer',
    displayName: '农业农村局 刘工（演示）',
    role: Role.SectorDepartment,
    unit: '昌吉市农业农村局',
  },
  {
    username: 'industry_officer',
    displayName: '商务和工信局 陈工（演示）',
    role: Role.SectorDepartment,
    unit: '昌吉市商务和工业信息化局',
  },
  {
    username: 'township_liugong',
    displayName: '六工镇 赵工（演示）',
    role: Role.Township,
    unit: '六工镇人民政府',
  },
  {
    username: 'township_sangong',
    displayName: '三工镇 孙工（演示）',
    role: Role.Township,
    unit: '三工镇人民政府',
  },
  {
    username: 'subdistrict_ningbian',
    displayName: '宁边路街道 周工（演示）',
    role: Role.Township,
    unit: '宁边路街道办事处',
  },
];

/** Synthetic liaison phone numbers use the reserved-looking 1380000xxxx range. */
export function demoLiaison(index: number): { name: string; phone: string; position: string } {
  const surnames = [
    '马',
    '杨',
    '何',
    '罗',
    '高',
    '郭',
    '林',
    '梁',
    '宋',
    '郑',
    '谢',
    '韩',
    '唐',
    '冯',
    '于',
    '董',
    '萧',
    '程',
    '曹',
    '袁',
    '邓',
    '许',
    '傅',
    '沈',
  ];
  return {
    name: `${surnames[index % surnames.length]}联络员（演示）`,
    phone: `1380000${String(1000 + index).slice(-4)}`,
    position: index % 2 ? '科员' : '副科长',
  };
}
