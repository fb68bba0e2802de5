import { FieldError } from '@outfall/common';
import {
  MILESTONE_LABELS,
  MILESTONE_RULES,
  MILESTONE_WORKFLOW_LABELS,
  MilestoneType,
} from '@outfall/shared-types';
import { DirectoryErrorCode, DirectoryException } from '../directory.exception';

/** The refusal of a hand write (REST, GraphQL, API key, import) of a milestone that a workflow owns. */
export class MilestoneOwnedByWorkflowException extends DirectoryException {
  constructor(type: MilestoneType) {
    const rule = MILESTONE_RULES[type];
    const workflow = rule.workflow ?? 'unknown';
    const zh = rule.workflow ? MILESTONE_WORKFLOW_LABELS[rule.workflow].zh : '';
    const message =
      `${MILESTONE_LABELS[type].en} is set by the ${workflow} workflow (${zh}): use ${rule.via}` +
      (rule.backEntry
        ? '; remediation done before the platform existed is back-entered by the eco branch'
        : '');
    super(DirectoryErrorCode.MilestoneOwnedByWorkflow, message);
    // the field and the workflow to use, for clients (details[0].workflow)
    this.details.push({ field: 'type', message, workflow, via: rule.via } as FieldError);
  }
}

/** Throws unless the milestone may be entered, corrected or removed by hand. */
export function assertHandSettable(type: MilestoneType): void {
  if (MILESTONE_RULES[type].setBy !== 'hand') throw new MilestoneOwnedByWorkflowException(type);
}

/** SQL for a workflow's milestone day: never before the outfall's discovery (it is clamped to it). */
export const CLAMP_TO_DISCOVERY = (day: string, discoveredOn: string) => `GREATEST(${day}, ${discoveredOn})`;
