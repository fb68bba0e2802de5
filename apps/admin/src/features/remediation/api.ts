import type { Page } from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../api/http-client';
import type { PageParams } from '../../api/schemas';
import type { QueuedJob } from '../jobs/types';
import type {
  CreatePlanInput,
  DecideDispositionInput,
  DispositionDecision,
  DispositionFilter,
  DispositionRow,
  OverdueGroup,
  PlanFilter,
  PlanRow,
  PlanVersion,
  RemediationLedgerKind,
  TransitionInput,
  UpdatePlanInput,
} from './types';

const BASE = '/api/v1/remediation';
const plan = (id: string) => `${BASE}/plans/${encodeURIComponent(id)}`;

export function listPlans(
  params: PageParams & PlanFilter & { sort?: 'deadline' | '-deadline' },
  signal?: AbortSignal,
): Promise<Page<PlanRow>> {
  return requestJson<Page<PlanRow>>('GET', withQuery(`${BASE}/plans`, { ...params }), { signal });
}

export function getPlan(id: string, signal?: AbortSignal): Promise<PlanRow> {
  return requestJson<PlanRow>('GET', plan(id), { signal });
}

/** Drafts a plan for an outfall whose disposition needs remediation. */
export function createPlan(input: CreatePlanInput): Promise<PlanRow> {
  return requestJson<PlanRow>('POST', `${BASE}/plans`, { body: input });
}

/** Edits under optimistic locking (`version`): the whole plan while a draft; later milestones, progress, evidence. */
export function updatePlan(id: string, input: UpdatePlanInput): Promise<PlanRow> {
  return requestJson<PlanRow>('PATCH', plan(id), { body: input });
}

/** Every version of a plan: edits and workflow steps with who, when and why. */
export function listPlanVersions(id: string, signal?: AbortSignal): Promise<PlanVersion[]> {
  return requestJson<PlanVersion[]>('GET', `${plan(id)}/versions`, { signal });
}

/** One workflow step (submit, approve, return, start, complete, reject_completion, verify). */
export function transitionPlan(id: string, input: TransitionInput): Promise<PlanRow> {
  return requestJson<PlanRow>('POST', `${plan(id)}/transitions`, { body: input });
}

/** Outfalls with the suggested disposition (and its reasons) and the decision taken, if any. */
export function listDispositions(
  params: PageParams & DispositionFilter,
  signal?: AbortSignal,
): Promise<Page<DispositionRow>> {
  return requestJson<Page<DispositionRow>>('GET', withQuery(`${BASE}/dispositions`, { ...params }), {
    signal,
  });
}

/** Confirms or changes the suggestion (a reason when it differs). */
export function decideDisposition(
  outfallId: string,
  input: DecideDispositionInput,
): Promise<DispositionDecision> {
  return requestJson<DispositionDecision>(
    'PUT',
    `/api/v1/outfalls/${encodeURIComponent(outfallId)}/disposition`,
    { body: input },
  );
}

/** Overdue plans counted per responsible unit or per township. */
export function overdueBy(by: 'unit' | 'township', signal?: AbortSignal): Promise<OverdueGroup[]> {
  return requestJson<OverdueGroup[]>('GET', withQuery(`${BASE}/overdue`, { by }), { signal });
}

/** Queues the rectification ledger, the investigation ledger or the 一口一档 archive with the plan filters. */
export function startRemediationLedger(kind: RemediationLedgerKind, filter: PlanFilter): Promise<QueuedJob> {
  return requestJson<QueuedJob>('POST', `${BASE}/ledgers`, { body: { kind, ...definedOnly(filter) } });
}
