/** UI strings of the submissions feature, Chinese first; keys are prefixed `submissions.`. */
export const submissionsZh = {};

export const submissionsEn: Record<keyof typeof submissionsZh, string> = {};
