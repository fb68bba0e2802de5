import {
  Disposition,
  OutfallCategory,
  OutfallSubType,
  Problem,
  SetupApproval,
  SewageOrigin,
} from '@outfall/shared-types';
import type { Suggestion } from '../dto/remediation.responses';

/** What the rules read about one outfall (one set-based query gathers it for many). */
export interface DispositionFacts {
  category: OutfallCategory;
  subType: OutfallSubType;
  discoveredOn: string;
  zones: { name: string; kind: string; designatedOn: string | null }[];
  inSewerCoverage: boolean;
  sewageOrigin: SewageOrigin | null;
  enterpriseWithSeveralOutfalls: boolean;
  smallAquacultureNeighbours: number;
  lastSampleExceeding: boolean | null;
  signageInstalled: boolean;
  setupApproval: SetupApproval | null;
  sharedWithoutMetering: boolean;
  planProblems: string[];
}

const DOMESTIC_SUB_TYPES: OutfallSubType[] = [
  OutfallSubType.DomesticSewageFacility,
  OutfallSubType.RuralSewageFacility,
];

/** Problems the record itself shows (the plan's checklist adds what was seen on site). */
export function observedProblems(facts: DispositionFacts): Problem[] {
  const problems = new Set<Problem>(facts.planProblems as Problem[]);
  if (facts.zones.length) problems.add(Problem.InProtectedArea);
  if (
    (facts.category === OutfallCategory.Industrial || facts.category === OutfallCategory.UrbanWwtp) &&
    (facts.setupApproval === SetupApproval.Unapproved || facts.setupApproval === SetupApproval.Pending)
  )
    problems.add(Problem.NotApproved);
  if (!facts.signageInstalled) problems.add(Problem.NoSignage);
  if (facts.sharedWithoutMetering) problems.add(Problem.SharedWithoutMetering);
  if (facts.lastSampleExceeding) problems.add(Problem.Exceedance);
  return [...problems];
}

/**
 * The plan's rules, in its order: inside a protected area → ban (interim measures when the outfall predates
 * the zone's designation); domestic sewage inside sewer coverage → merge into the network; an enterprise
 * outside a park with more than one outfall → merge; clustered small aquaculture → merge into one shared
 * outfall; otherwise standardise when problems were found, else keep.
 */
export function suggestDisposition(facts: DispositionFacts): Suggestion {
  const problems = observedProblems(facts);
  if (facts.zones.length) {
    const later = facts.zones.filter((z) => z.designatedOn && facts.discoveredOn < z.designatedOn);
    const names = facts.zones.map((z) => z.name).join('、');
    if (later.length === facts.zones.length) {
      return {
        disposition: Disposition.Ban,
        interim: true,
        problems,
        reasons: [
          {
            rule: 'protected_area_predates',
            zh: `位于${names}内，但排口早于划定时间（${later.map((z) => z.designatedOn).join('、')}），暂不具备搬迁条件的采取过渡措施`,
            en: `Inside ${names}, but the outfall predates the designation (${later.map((z) => z.designatedOn).join(', ')}): interim measures`,
          },
        ],
      };
    }
    return {
      disposition: Disposition.Ban,
      interim: false,
      problems,
      reasons: [
        { rule: 'protected_area', zh: `位于${names}内，依法取缔`, en: `Inside ${names}: ban by law` },
      ],
    };
  }
  const domestic = DOMESTIC_SUB_TYPES.includes(facts.subType) || facts.sewageOrigin === SewageOrigin.Domestic;
  if (domestic && facts.inSewerCoverage) {
    return {
      disposition: Disposition.Merge,
      interim: false,
      problems,
      reasons: [
        {
          rule: 'domestic_in_sewer_coverage',
          zh: '生活污水排口位于污水管网覆盖范围内，接入管网',
          en: 'Domestic sewage inside the sewer network coverage: connect to the network',
        },
      ],
    };
  }
  if (facts.enterpriseWithSeveralOutfalls) {
    return {
      disposition: Disposition.Merge,
      interim: false,
      problems,
      reasons: [
        {
          rule: 'enterprise_several_outfalls',
          zh: '园区外企业设有多个排污口，原则上只保留一个',
          en: 'An enterprise outside an industrial park has several outfalls: one in principle',
        },
      ],
    };
  }
  if (facts.subType === OutfallSubType.SmallAquaculture && facts.smallAquacultureNeighbours >= 2) {
    return {
      disposition: Disposition.Merge,
      interim: false,
      problems,
      reasons: [
        {
          rule: 'clustered_small_aquaculture',
          zh: `分散养殖排口集中分布（附近另有 ${facts.smallAquacultureNeighbours} 个），尾水统一收集、设一个排口`,
          en: `Clustered small aquaculture outfalls (${facts.smallAquacultureNeighbours} nearby): collect tail water into one shared outfall`,
        },
      ],
    };
  }
  if (problems.length) {
    return {
      disposition: Disposition.Standardise,
      interim: false,
      problems,
      reasons: [
        {
          rule: 'problems_found',
          zh: `发现问题：${problems.length} 项，规范整治`,
          en: `${problems.length} problem(s) found: standardise and rectify`,
        },
      ],
    };
  }
  return {
    disposition: Disposition.Keep,
    interim: false,
    problems,
    reasons: [{ rule: 'no_problem', zh: '未发现问题，保留', en: 'No problem found: keep as it is' }],
  };
}
