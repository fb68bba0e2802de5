import type { ApiOperations } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { definedOnly } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

/** A sign's content (树标立牌) as stored, with the outfall it stands at and whether it is out of date. */
export type SignView = Schemas['SignViewDto'];
export type SignInput = Schemas['SignInputDto'];

type SignQuery = NonNullable<ApiOperations['SignageController_list']['parameters']['query']>;
/** The list's filters (held by the page, sent as the query and as the ledger's body). */
export type SignFilter = Omit<SignQuery, 'limit' | 'offset' | 'sort'>;

export const SIGN_SORT_KEYS = ['localCode', 'installedOn', 'updatedAt'] as const;
export type SignSort = (typeof SIGN_SORT_KEYS)[number] | `-${(typeof SIGN_SORT_KEYS)[number]}`;

export const listSigns = (
  query: SignFilter & { limit: number; offset: number; sort?: SignSort },
  signal?: AbortSignal,
) => dataOf(api.GET('/api/v1/signs', { params: { query }, signal }));

/** The outfall's sign, or null when it has none (404). */
export async function getSign(id: string, signal?: AbortSignal): Promise<SignView | null> {
  try {
    return await dataOf(api.GET('/api/v1/outfalls/{id}/sign', { params: { path: { id } }, signal }));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export const getSignProposal = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/outfalls/{id}/sign/proposal', { params: { path: { id } }, signal }));

export const saveSign = (id: string, body: SignInput) =>
  dataOf(api.PUT('/api/v1/outfalls/{id}/sign', { params: { path: { id } }, body }));

export const startSignLedger = (filter: SignFilter) =>
  dataOf(api.POST('/api/v1/signs/ledger', { body: definedOnly(filter) }));

/** A requirement rule (必测指标要求). */
export type RequiredRule = Schemas['RequiredIndicatorRule'];
/** A new rule's body; an update adds the version read. */
export type RequiredRuleInput = Schemas['RequiredIndicatorRuleDto'];

export const listRequiredRules = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/required-indicator-rules', { signal }));

export const createRequiredRule = (body: RequiredRuleInput) =>
  dataOf(api.POST('/api/v1/required-indicator-rules', { body }));

export const updateRequiredRule = (id: string, body: Schemas['UpdateRequiredIndicatorRuleDto']) =>
  dataOf(api.PUT('/api/v1/required-indicator-rules/{id}', { params: { path: { id } }, body }));

export const removeRequiredRule = (id: string) =>
  dataOf(api.DELETE('/api/v1/required-indicator-rules/{id}', { params: { path: { id } } }));

export const getOutfallRequiredIndicators = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/outfalls/{id}/required-indicators', { params: { path: { id } }, signal }));
