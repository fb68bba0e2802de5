import { PlanStatus, type ProgressMetric } from '@outfall/shared-types';
import { writeOutfallView } from '../outfalls/outfall-url.util';
import { writeProgressView } from '../progress/progress-url.util';
import { writeRemediationView, type RemediationFilter } from '../remediation/remediation-url.util';
import type { TodoKind } from './dashboard.api';

/** Where each figure of the dashboard leads: the list pages with their URL filters (pure, unit-testable). */
const withQuery = (path: string, params: URLSearchParams) => {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
};

/** The progress breakdown by township on a day, weakest first for the metric. */
export function progressLink(asOf: string | undefined, metric?: ProgressMetric): string {
  return withQuery(
    '/progress',
    writeProgressView({
      asOf,
      by: 'township',
      sort: metric,
      forecastBy: 'township',
      all: false,
      page: 1,
    }),
  );
}

export function outfallsLink(filter: { divisionId?: string; keyRiver?: boolean } = {}): string {
  return withQuery('/outfalls', writeOutfallView({ filter, page: 1 }));
}

/** The directory with one outfall's drawer open. */
export function outfallLink(outfallId: string): string {
  return withQuery('/outfalls', writeOutfallView({ filter: {}, page: 1, selected: outfallId }));
}

export function plansLink(filter: RemediationFilter): string {
  return withQuery('/remediation', writeRemediationView({ filter, page: 1, by: 'unit' }));
}

/** The remediation plans with one plan's drawer open. */
export function planLink(planId: string): string {
  return withQuery('/remediation', writeRemediationView({ filter: {}, page: 1, by: 'unit', plan: planId }));
}

export const CHRONIC_LINK = '/monitoring/chronic';
export const PATROL_SCHEDULES_LINK = '/patrols/schedules';

/** Each to-do's list. */
export function todoLink(kind: TodoKind): string {
  switch (kind) {
    case 'plansToReview':
      return plansLink({ status: PlanStatus.Submitted });
    case 'completionsToVerify':
      return plansLink({ status: PlanStatus.Completed });
    case 'plansToSubmit':
      return plansLink({ status: PlanStatus.Draft });
    case 'noticeAnswersToReview':
    case 'noticesOverdue':
    case 'noticesToAnswer':
      return '/accountability';
    case 'samplesMissing':
      return '/monitoring';
    case 'patrolsOverdue':
      return PATROL_SCHEDULES_LINK;
  }
}
