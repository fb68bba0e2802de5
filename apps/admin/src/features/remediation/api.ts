import type { Page } from '@outfall/shared-types';
import { api, dataOf, refinedDataOf } from '../../api/api-client';
import { definedOnly } from '../../api/http-client';
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

export function listPlans(
  params: PageParams & PlanFilter & { sort?: 'deadline' | '-deadline' },
  signal?: AbortSignal,
): Promise<Page<PlanRow>> {
  return refinedDataOf(api.GET('/api/v1/remediation/plans', { params: { query: params }, signal }));
}

export function getPlan(id: string, signal?: AbortSignal): Promise<PlanRow> {
  return refinedDataOf(api.GET('/api/v1/remediation/plans/{id}', { params: { path: { id } }, signal }));
}

/** Drafts a plan for an outfall whose disposition needs remediation. */
export function createPlan(input: CreatePlanInput): Promise<PlanRow> {
  return refinedDataOf(api.POST('/api/v1/remediation/plans', { body: input }));
}

/** Edits under optimistic locking (`version`): the whole plan while a draft; later milestones, progress, evidence. */
export function updatePlan(id: string, input: UpdatePlanInput): Promise<PlanRow> {
  return refinedDataOf(
    api.PATCH('/api/v1/remediation/plans/{id}', { params: { path: { id } }, body: input }),
  );
}

/** Every version of a plan: edits and workflow steps with who, when and why. */
export function listPlanVersions(id: string, signal?: AbortSignal): Promise<PlanVersion[]> {
  return refinedDataOf(
    api.GET('/api/v1/remediation/plans/{id}/versions', { params: { path: { id } }, signal }),
  );
}

/** One workflow step (submit, approve, return, start, complete, reject_completion, verify). */
export function transitionPlan(id: string, input: TransitionInput): Promise<PlanRow> {
  return refinedDataOf(
    api.POST('/api/v1/remediation/plans/{id}/transitions', { params: { path: { id } }, body: input }),
  );
}

/** Outfalls with the suggested disposition (and its reasons) and the decision taken, if any. */
export function listDispositions(
  params: PageParams & DispositionFilter,
  signal?: AbortSignal,
): Promise<Page<DispositionRow>> {
  return refinedDataOf(api.GET('/api/v1/remediation/dispositions', { params: { query: params }, signal }));
}

/** Confirms or changes the suggestion (a reason when it differs). */
export function decideDisposition(
  outfallId: string,
  input: DecideDispositionInput,
): Promise<DispositionDecision> {
  return refinedDataOf(
    api.PUT('/api/v1/outfalls/{id}/disposition', { params: { path: { id: outfallId } }, body: input }),
  );
}

/** Overdue plans counted per responsible unit or per township. */
export function overdueBy(by: 'unit' | 'township', signal?: AbortSignal): Promise<OverdueGroup[]> {
  return refinedDataOf(api.GET('/api/v1/remediation/overdue', { params: { query: { by } }, signal }));
}

/** Queues the rectification ledger, the investigation ledger or the 一口一档 archive with the plan filters. */
export function startRemediationLedger(kind: RemediationLedgerKind, filter: PlanFilter): Promise<QueuedJob> {
  return dataOf(api.POST('/api/v1/remediation/ledgers', { body: { kind, ...definedOnly(filter) } }));
}
