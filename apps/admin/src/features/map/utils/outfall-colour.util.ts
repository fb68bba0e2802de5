import { MILESTONE_ORDER, MilestoneType } from '@outfall/shared-types';

/** What the outfall points are coloured by. */
export const COLOUR_MODES = ['stage', 'overdue', 'exceedance'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/** The colouring properties every outfall point carries (`GET /outfalls/geojson`). */
export interface ColourFacts {
  stage: MilestoneType | null;
  overdue: boolean;
  exceeding: boolean;
}

/** A legend class: a key, its colour and a label (a milestone label or a message key). */
export interface ColourClass {
  key: string;
  colour: string;
  /** A milestone when the class is one; otherwise `message` names the text. */
  milestone?: MilestoneType;
  message?: 'olmap.noStage' | 'olmap.overdue' | 'olmap.notOverdue' | 'olmap.exceeding' | 'olmap.notExceeding';
}

/** From early (warm) to done (green): registered … verified. */
export const STAGE_COLOURS: Record<MilestoneType, string> = {
  [MilestoneType.Registered]: '#cf1322',
  [MilestoneType.Investigated]: '#fa541c',
  [MilestoneType.Monitored]: '#fa8c16',
  [MilestoneType.Traced]: '#d4b106',
  [MilestoneType.RemediationDecided]: '#1677ff',
  [MilestoneType.RemediationCompleted]: '#13c2c2',
  [MilestoneType.Verified]: '#389e0d',
};
export const NO_STAGE_COLOUR = '#8c8c8c';
export const FLAGGED_COLOUR = '#cf1322';
export const CLEAR_COLOUR = '#1677ff';

/** The colouring facts from a property getter (an OpenLayers feature's `get`, or GeoJSON properties). */
export function factsFrom(get: (key: string) => unknown): ColourFacts {
  const stage = get('stage');
  return {
    stage: typeof stage === 'string' ? (stage as MilestoneType) : null,
    overdue: get('overdue') === true,
    exceeding: get('exceeding') === true,
  };
}

/** The key of a point's class in a mode (`none` for an outfall without milestones). */
export function classOf(facts: ColourFacts, mode: ColourMode): string {
  switch (mode) {
    case 'stage':
      return facts.stage ?? 'none';
    case 'overdue':
      return facts.overdue ? 'flagged' : 'clear';
    case 'exceedance':
      return facts.exceeding ? 'flagged' : 'clear';
  }
}

/** The legend of a mode, in display order. */
export function legendOf(mode: ColourMode): ColourClass[] {
  if (mode === 'stage') {
    return [
      ...MILESTONE_ORDER.map((milestone) => ({
        key: milestone,
        colour: STAGE_COLOURS[milestone],
        milestone,
      })),
      { key: 'none', colour: NO_STAGE_COLOUR, message: 'olmap.noStage' as const },
    ];
  }
  return mode === 'overdue'
    ? [
        { key: 'flagged', colour: FLAGGED_COLOUR, message: 'olmap.overdue' },
        { key: 'clear', colour: CLEAR_COLOUR, message: 'olmap.notOverdue' },
      ]
    : [
        { key: 'flagged', colour: FLAGGED_COLOUR, message: 'olmap.exceeding' },
        { key: 'clear', colour: CLEAR_COLOUR, message: 'olmap.notExceeding' },
      ];
}

/** The colour of a class key in a mode. */
export function colourOfClass(key: string, mode: ColourMode): string {
  return legendOf(mode).find((entry) => entry.key === key)?.colour ?? NO_STAGE_COLOUR;
}

/** One point's colour. */
export function colourOf(facts: ColourFacts, mode: ColourMode): string {
  return colourOfClass(classOf(facts, mode), mode);
}

/**
 * The class a cluster shows: in the stage mode the most common stage (ties: the earlier stage, where work
 * remains); in the overdue and exceedance modes `flagged` as soon as one member is.
 */
export function clusterClassOf(members: readonly ColourFacts[], mode: ColourMode): string {
  if (mode !== 'stage') {
    return members.some((facts) => classOf(facts, mode) === 'flagged') ? 'flagged' : 'clear';
  }
  const counts = new Map<string, number>();
  for (const facts of members) {
    const key = classOf(facts, mode);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = 'none';
  let most = 0;
  // legend order is early → late, so a tie keeps the earlier stage
  for (const { key } of legendOf(mode)) {
    const count = counts.get(key) ?? 0;
    if (count > most) {
      best = key;
      most = count;
    }
  }
  return best;
}

/** How many points of each class (for the legend's counts). */
export function tally(members: Iterable<ColourFacts>, mode: ColourMode): Map<string, number> {
  const counts = new Map<string, number>();
  for (const facts of members) {
    const key = classOf(facts, mode);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A cluster's radius in pixels: grows with the log of its size, from 10 to 24. */
export function clusterRadius(size: number): number {
  return Math.min(24, 10 + Math.log10(Math.max(1, size)) * 4.5);
}

/** The colour mode from a stored or linked value; unknown → stage. */
export function colourModeOf(value: string | null | undefined): ColourMode {
  return (COLOUR_MODES as readonly string[]).includes(value ?? '') ? (value as ColourMode) : 'stage';
}

/**
 * The basemap's tile URL templates: MAP_BASEMAP_URL may hold several (a 天地图 map and its labels), separated
 * by `|` or whitespace; only http(s) templates with {x}, {y} and {z} (or {-y}) count.
 */
export function basemapTemplates(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/[|\s]+/)
    .map((part) => part.trim())
    .filter(
      (part) =>
        /^https?:\/\//.test(part) &&
        part.includes('{x}') &&
        part.includes('{z}') &&
        (part.includes('{y}') || part.includes('{-y}')),
    );
}
