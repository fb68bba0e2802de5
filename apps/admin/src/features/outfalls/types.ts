import type { Schemas } from '../../api/schemas';
import type { MilestoneType, OutfallArea, OutfallCategory, OutfallSubType } from '@outfall/shared-types';

/** The properties of an outfall point in `GET /outfalls/geojson` (the schema leaves a feature's properties free-form). */
export interface OutfallPointProperties {
  id: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  area: OutfallArea;
  banCandidate: boolean;
  duplicateCount: number;
  /** The furthest milestone in effect today (null: none recorded). */
  stage: MilestoneType | null;
  /** Its remediation plan is past its deadline and not completed. */
  overdue: boolean;
  /** Its latest sample exceeds a limit. */
  exceeding: boolean;
}

export const OUTFALL_STATUSES = ['active', 'merged'] as const;

export type OutfallStatus = (typeof OUTFALL_STATUSES)[number];

/** A protected area that makes an outfall a ban candidate. */
export type BanReason = Schemas['BanReason'];

/** One outfall as the list and the writes answer it. */
export type OutfallRow = Schemas['OutfallViewDto'];

/** A dated milestone of an outfall (manual, import, workflow or back-entry). */
export type OutfallEvent = Schemas['OutfallEvent'];

/** A historical back-entry of completed (and verified) remediation. */
export type BackEntryInput = Schemas['BackEntryDto'];

/** A responsible-entity link on the card, its entity loaded. */
export type OutfallEntityLink = Schemas['OutfallEntityLinkViewDto'];

export type SuspectedDuplicate = Schemas['OutfallDuplicateRef'];

/** The directory card: the record with its milestones, responsible entities and suspected duplicates. */
export type OutfallDetail = Schemas['OutfallDetailDto'];

/** The directory's filters (the URL's view state; `GET /outfalls` and the export check them). */
export interface OutfallFilter {
  q?: string;
  waterBodyId?: string;
  /** Only outfalls on the key rivers (头屯河, 三屯河). */
  keyRiver?: boolean;
  category?: OutfallCategory;
  subType?: OutfallSubType;
  divisionId?: string;
  area?: OutfallArea;
  banCandidate?: boolean;
  duplicate?: boolean;
  status?: OutfallStatus;
  entityId?: string;
}

export const OUTFALL_SORT_KEYS = ['localCode', 'name', 'category', 'keyDistanceM', 'discoveredOn'] as const;

export type OutfallSortKey = (typeof OUTFALL_SORT_KEYS)[number];

/** A sort key, `-` first for descending. */
export type OutfallSort = OutfallSortKey | `-${OutfallSortKey}`;

/** The fields of `POST /outfalls`. */
export type OutfallInput = Schemas['CreateOutfallDto'];

/** `PATCH /outfalls/:id`: the same fields but `registeredOn`, all optional (`null` clears), plus `version`. */
export type OutfallPatch = Schemas['UpdateOutfallDto'];

export type MilestoneInput = Schemas['MilestoneDto'];
