/** UI strings of the setup-review feature, Chinese first; keys are prefixed `setupReview.`. */
export const setupReviewZh = {};

export const setupReviewEn: Record<keyof typeof setupReviewZh, string> = {};
