import { creditCodeProblem } from '@outfall/directory';
import { SOURCE_LIST_KEEPERS, SourceListKind, UnitKind } from '@outfall/shared-types';

/** A list row as the form and the import give it (strings already parsed into numbers). */
export interface SourceListInput {
  name?: string | null;
  creditCode?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  address?: string | null;
  industryCode?: string | null;
  species?: string | null;
  headCount?: number | null;
  areaMu?: number | null;
}

export interface FieldProblem {
  field: keyof SourceListInput | 'township' | 'ownerUnitId';
  message: string;
}

/** The Chinese column headers of the import sheets (and the field names of the errors). */
export const FIELD_HEADERS: Record<FieldProblem['field'], string> = {
  name: '名称',
  creditCode: '统一社会信用代码',
  longitude: '经度',
  latitude: '纬度',
  address: '地址',
  township: '乡镇（街道）',
  industryCode: '行业代码',
  species: '养殖品种',
  headCount: '存栏量',
  areaMu: '养殖面积（亩）',
  ownerUnitId: '所属部门',
};

/**
 * GB/T 4754-2017 (国民经济行业分类): a section letter A–T (门类), or a division (大类, 2 digits), group
 * (中类, 3 digits) or class (小类, 4 digits). Only the format is checked, not the catalogue.
 */
export function industryCodeProblem(code: string): string | null {
  if (/^[A-T]$/.test(code) || /^\d{2,4}$/.test(code)) return null;
  return `行业代码“${code}”格式不正确：应为门类字母（A–T）或 2–4 位数字（GB/T 4754-2017）`;
}

/** Normalises a credit code for comparison and storage: trimmed, upper case, full-width folded. */
export function normalizeCreditCode(code: string | null | undefined): string | null {
  const text = (code ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
  return text || null;
}

/**
 * Every problem of one row at once (all of them, not only the first), in Chinese: the import reports them with
 * the row number, the form as field errors.
 */
export function sourceListProblems(
  kind: SourceListKind,
  input: SourceListInput,
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = input.name?.trim() ?? '';
  if (!name) problems.push({ field: 'name', message: '名称必填' });
  else if (name.length > 200) problems.push({ field: 'name', message: '名称不能超过 200 个字' });
  const code = normalizeCreditCode(input.creditCode);
  if (!code) {
    if (kind === SourceListKind.IndustrialEnterprise)
      problems.push({ field: 'creditCode', message: '规模以上工业企业的统一社会信用代码必填' });
  } else if (creditCodeProblem(code)) {
    problems.push({
      field: 'creditCode',
      message: `统一社会信用代码“${code}”无效：应为 18 位数字或大写字母（不含 I、O、S、V、Z）且校验位正确`,
    });
  }
  const coordinate = (field: 'longitude' | 'latitude', label: string, min: number, max: number) => {
    const value = input[field];
    if (value === null || value === undefined) problems.push({ field, message: `${label}必填` });
    else if (!Number.isFinite(value)) problems.push({ field, message: `${label}必须是数字` });
    else if (value < min || value > max)
      problems.push({ field, message: `${label} ${value} 不在本市范围内（${min}–${max}）` });
  };
  coordinate('longitude', '经度', bbox.minLon, bbox.maxLon);
  coordinate('latitude', '纬度', bbox.minLat, bbox.maxLat);
  if (input.address && input.address.trim().length > 200)
    problems.push({ field: 'address', message: '地址不能超过 200 个字' });
  if (kind === SourceListKind.IndustrialEnterprise) {
    const industry = input.industryCode?.trim().toUpperCase() ?? '';
    if (!industry) problems.push({ field: 'industryCode', message: '行业代码（GB/T 4754-2017）必填' });
    else {
      const problem = industryCodeProblem(industry);
      if (problem) problems.push({ field: 'industryCode', message: problem });
    }
  }
  if (kind === SourceListKind.LivestockFarm) {
    if (!input.species?.trim()) problems.push({ field: 'species', message: '畜禽养殖场的养殖品种必填' });
    const count = input.headCount;
    if (count === null || count === undefined)
      problems.push({ field: 'headCount', message: '畜禽养殖场的存栏量必填' });
    else if (!Number.isInteger(count) || count < 0)
      problems.push({ field: 'headCount', message: '存栏量必须是不小于 0 的整数（头/只）' });
  }
  if (input.species && input.species.trim().length > 50)
    problems.push({ field: 'species', message: '养殖品种不能超过 50 个字' });
  if (kind === SourceListKind.AquacultureFarm) {
    const area = input.areaMu;
    if (area === null || area === undefined)
      problems.push({ field: 'areaMu', message: '水产养殖场的养殖面积（亩）必填' });
    else if (!Number.isFinite(area) || area <= 0 || area >= 1e10)
      problems.push({ field: 'areaMu', message: '养殖面积必须是大于 0 的数（亩）' });
  }
  return problems;
}

/** Whether a department of `unitKind` keeps lists of `kind` (the eco branch and admins keep all). */
export function keepsList(unitKind: UnitKind | null | undefined, kind: SourceListKind): boolean {
  return !!unitKind && SOURCE_LIST_KEEPERS[kind].includes(unitKind);
}
