import { OutfallCategory, WaterClass } from '@outfall/shared-types';
import type { StandardGrade } from './standard-rule';
import { standardById } from './standards.catalogue';

export interface OutfallStandardFacts {
  category: OutfallCategory;
  /** WWTPs: the grade the plant is permitted to (1A, 1B, II, III). */
  plantGrade?: '1A' | '1B' | 'II' | 'III';
  plantBuiltOn?: string;
  /** The receiving water's function-zone target class. */
  targetClass?: WaterClass;
  override?: { standardId: string; reason: string };
}

export interface ResolvedStandard {
  standard: StandardGrade;
  explanation: { zh: string; en: string };
}

const CLEAN: WaterClass[] = [WaterClass.I, WaterClass.II];

/**
 * Which standard and grade apply to an outfall, with an explanation a person can read. GB 18918 for urban
 * WWTPs (the configured grade; otherwise 1A into class I–II waters, 1B into class III, grade II into IV–V);
 * GB 8978 for industry (grade 1 into class I–III waters, grade 2 into IV–V); for agricultural and other
 * outfalls the receiving zone's GB 3838 target class. A manual override wins.
 */
export function resolveStandard(
  facts: OutfallStandardFacts,
  lookup: (id: string) => StandardGrade | undefined = standardById,
): ResolvedStandard {
  const pick = (id: string, zh: string, en: string): ResolvedStandard => {
    const standard = lookup(id);
    if (!standard) throw new Error(`unknown standard ${id}`);
    return { standard, explanation: { zh, en } };
  };
  if (facts.override) {
    return pick(
      facts.override.standardId,
      `人工指定：${facts.override.reason}`,
      `Manual override: ${facts.override.reason}`,
    );
  }
  const built = facts.plantBuiltOn ? `，${facts.plantBuiltOn.slice(0, 4)}年建设` : '';
  const builtEn = facts.plantBuiltOn ? `, built ${facts.plantBuiltOn.slice(0, 4)}` : '';
  const zone = facts.targetClass;
  switch (facts.category) {
    case OutfallCategory.UrbanWwtp: {
      if (facts.plantGrade) {
        return pick(
          `GB18918-2002:${facts.plantGrade}`,
          `城镇污水处理厂，配置${facts.plantGrade}标准${built}`,
          `WWTP, grade ${facts.plantGrade} configured${builtEn}`,
        );
      }
      if (!zone || CLEAN.includes(zone)) {
        return pick(
          'GB18918-2002:1A',
          `城镇污水处理厂，受纳水体${zone ? `${zone}类` : '目标未知'}，执行一级A${built}`,
          `WWTP into ${zone ? `class ${zone}` : 'unknown-target'} water: grade 1A${builtEn}`,
        );
      }
      if (zone === WaterClass.III)
        return pick(
          'GB18918-2002:1B',
          `城镇污水处理厂，受纳水体III类，执行一级B${built}`,
          `WWTP into class III water: grade 1B${builtEn}`,
        );
      return pick(
        'GB18918-2002:II',
        `城镇污水处理厂，受纳水体${zone}类，执行二级${built}`,
        `WWTP into class ${zone} water: grade II${builtEn}`,
      );
    }
    case OutfallCategory.Industrial:
      return zone === WaterClass.IV || zone === WaterClass.V
        ? pick(
            'GB8978-1996:2',
            `工业排污口，受纳水体${zone}类，执行二级`,
            `Industrial into class ${zone} water: grade 2`,
          )
        : pick(
            'GB8978-1996:1',
            `工业排污口，受纳水体${zone ? `${zone}类` : '目标未知'}，执行一级`,
            `Industrial into ${zone ? `class ${zone}` : 'unknown-target'} water: grade 1`,
          );
    case OutfallCategory.Agricultural:
    case OutfallCategory.Other:
      return zone
        ? pick(
            `GB3838-2002:${zone}`,
            `按受纳水功能区目标${zone}类评价`,
            `Assessed against the receiving zone's class ${zone} target`,
          )
        : pick(
            'GB8978-1996:1',
            '受纳水功能区目标未知，按污水综合排放一级评价',
            'Receiving-zone target unknown: integrated discharge grade 1',
          );
  }
}
