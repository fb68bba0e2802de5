import type { OutfallCategory, OutfallSubType, Page } from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import type { QueuedJob } from '../../jobs/types';

/** A sign's content (树标立牌) as stored, with the outfall it stands at and whether it is out of date. */
export interface SignView {
  id: string;
  outfallId: string;
  outfallName: string;
  outfallCode: string;
  entityName: string;
  receivingWater: string;
  supervisingDepartment: string;
  supervisingPhone: string;
  qrPayload: string;
  installed: boolean;
  installedOn: string | null;
  photoAttachmentId: string | null;
  updatedAt: string;
  version: number;
  localCode: string;
  divisionId: string;
  divisionName: string;
  outdated: boolean;
  outdatedFields: string[];
}

export interface SignProposal {
  outfallId: string;
  outfallName: string;
  outfallCode: string;
  entityName: string | null;
  receivingWater: string;
  supervisingDepartment: string;
  supervisingPhone: string | null;
  qrPayload: string;
}

export interface SignInput {
  outfallName: string;
  entityName: string;
  receivingWater: string;
  supervisingDepartment: string;
  supervisingPhone: string;
  installed: boolean;
  installedOn?: string | null;
  version?: number;
}

export interface SignFilter {
  installed?: boolean;
  outdated?: boolean;
  divisionId?: string;
  q?: string;
}

export const SIGN_SORT_KEYS = ['localCode', 'installedOn', 'updatedAt'] as const;
export type SignSort = (typeof SIGN_SORT_KEYS)[number] | `-${(typeof SIGN_SORT_KEYS)[number]}`;

const sign = (outfallId: string) => `/api/v1/outfalls/${encodeURIComponent(outfallId)}/sign`;

export function listSigns(
  params: SignFilter & { limit: number; offset: number; sort?: SignSort },
  signal?: AbortSignal,
): Promise<Page<SignView>> {
  return requestJson<Page<SignView>>('GET', withQuery('/api/v1/signs', { ...params }), { signal });
}

/** The outfall's sign, or null when it has none (404). */
export async function getSign(outfallId: string, signal?: AbortSignal): Promise<SignView | null> {
  try {
    return await requestJson<SignView>('GET', sign(outfallId), { signal });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export function getSignProposal(outfallId: string, signal?: AbortSignal): Promise<SignProposal> {
  return requestJson<SignProposal>('GET', `${sign(outfallId)}/proposal`, { signal });
}

export function saveSign(outfallId: string, input: SignInput): Promise<SignView> {
  return requestJson<SignView>('PUT', sign(outfallId), { body: input });
}

export function startSignLedger(filter: SignFilter): Promise<QueuedJob> {
  return requestJson<QueuedJob>('POST', '/api/v1/signs/ledger', { body: definedOnly(filter) });
}

/** A requirement rule (必测指标要求). */
export interface RequiredRule {
  id: string;
  name: string;
  category: OutfallCategory | null;
  subType: OutfallSubType | null;
  industryPrefix: string | null;
  waterBodyId: string | null;
  functionZoneId: string | null;
  indicatorCodes: string[];
  basis: string | null;
  active: boolean;
  builtin: boolean;
  version: number;
}

export type RequiredRuleInput = Omit<RequiredRule, 'id' | 'builtin' | 'version'> & { version?: number };

export interface RequirementReason {
  ruleId: string | null;
  ruleName: string | null;
  reasonZh: string;
  reasonEn: string;
}

export interface RequiredIndicator {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string | null;
  reasons: RequirementReason[];
}

export interface OutfallRequiredIndicators {
  outfallId: string;
  required: RequiredIndicator[];
  latestSample: { id: string; sampledAt: string; missing: RequiredIndicator[] } | null;
  missingRequired: boolean;
}

const RULES = '/api/v1/required-indicator-rules';

export function listRequiredRules(signal?: AbortSignal): Promise<RequiredRule[]> {
  return requestJson<RequiredRule[]>('GET', RULES, { signal });
}

export function createRequiredRule(input: RequiredRuleInput): Promise<RequiredRule> {
  return requestJson<RequiredRule>('POST', RULES, { body: input });
}

export function updateRequiredRule(id: string, input: RequiredRuleInput): Promise<RequiredRule> {
  return requestJson<RequiredRule>('PUT', `${RULES}/${encodeURIComponent(id)}`, { body: input });
}

export function removeRequiredRule(id: string): Promise<void> {
  return requestJson<void>('DELETE', `${RULES}/${encodeURIComponent(id)}`);
}

export function getOutfallRequiredIndicators(
  outfallId: string,
  signal?: AbortSignal,
): Promise<OutfallRequiredIndicators> {
  return requestJson<OutfallRequiredIndicators>(
    'GET',
    `/api/v1/outfalls/${encodeURIComponent(outfallId)}/required-indicators`,
    { signal },
  );
}
