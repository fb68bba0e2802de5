import { beijingToday } from '@outfall/common';
export { ASSESSMENT_INPUT_LABELS, AssessmentInputKey } from '@outfall/shared-types';
export const beijingTodayOf = (): string => beijingToday();
