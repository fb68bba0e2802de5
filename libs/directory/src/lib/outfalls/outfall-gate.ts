import { inJurisdiction, Principal } from '@outfall/common';
import { OUTFALL_CATEGORY_LABELS, OutfallCategory, Role } from '@outfall/shared-types';

/**
 * The write gate for outfalls and everything that hangs off them: the outfall itself, its milestones,
 * entity links, attachments, standard setting, samples, tracing records, disposition, remediation plan and
 * its transitions, and merges. Every path (REST, GraphQL, XLSX import, API key, workflow) asks the same two
 * questions, here, through `OutfallsService.assertWritable` / `assertCanWrite` or, for import rows, through
 * `gateRefusal` and the row messages below:
 *
 * - jurisdiction: the outfall's division lies inside the caller's (townships and division-scoped API keys;
 *   every other caller is city-wide). An existing record outside it answers 404 (its existence is not
 *   revealed); a write that would put a record outside it answers 403 `OUTFALL_OUTSIDE_JURISDICTION`.
 * - sector: a sector department (行业主管部门) writes only the outfall categories its unit lists, and nothing
 *   when the unit lists none; that covers samples and tracing too. Any other caller whose unit lists
 *   categories is held to them as well. Refused with 403 `OUTFALL_CATEGORY_NOT_IN_SECTOR`.
 *
 * What a role may do at all (permissions) is decided before, by the global guard; the ecology branch and
 * the water bureau are city-wide for whatever their role permits.
 */
export interface GateTarget {
  category: OutfallCategory;
  /** The division path of the outfall (`652301/652301101`). */
  divisionPath: string | null | undefined;
}

export type GateRefusal = 'jurisdiction' | 'sector';

/** The categories the caller may write, or `null` when the caller has no category limit. */
export function sectorCategoriesOf(principal: Principal): readonly OutfallCategory[] | null {
  if (principal.role === Role.SectorDepartment) return principal.sectorCategories;
  return principal.sectorCategories.length ? principal.sectorCategories : null;
}

/** Why the caller may not write this outfall, or `null` when the gate lets the write through. */
export function gateRefusal(principal: Principal, target: GateTarget): GateRefusal | null {
  if (!inJurisdiction(principal.jurisdiction, target.divisionPath)) return 'jurisdiction';
  const sector = sectorCategoriesOf(principal);
  if (sector && !sector.includes(target.category)) return 'sector';
  return null;
}

const zhList = (categories: readonly OutfallCategory[]) =>
  categories.map((c) => OUTFALL_CATEGORY_LABELS[c].zh).join('、');

/** "Your unit writes only …" in Chinese and English. */
export function sectorMessage(principal: Principal, category: OutfallCategory): string {
  const sector = sectorCategoriesOf(principal) ?? [];
  const zh = sector.length
    ? `您的单位只负责${zhList(sector)}，不能修改${OUTFALL_CATEGORY_LABELS[category].zh}`
    : `您的单位未分配排污口类别，不能修改${OUTFALL_CATEGORY_LABELS[category].zh}`;
  const en = sector.length
    ? `your unit writes only ${sector.join(', ')} outfalls, not ${category}`
    : `your unit has no outfall categories and cannot write ${category} outfalls`;
  return `${zh} / ${en}`;
}

/** An import row that matches an outfall outside the caller's jurisdiction (by a code the caller typed). */
export function foreignOutfallMessage(code: string): string {
  return `编码 ${code} 属于其他乡镇（街道）的排污口，不在您的辖区内，本行未导入 / code ${code} belongs to an outfall outside your jurisdiction; the row was not imported`;
}
