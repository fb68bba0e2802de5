/** UI strings of the public-reports feature, Chinese first; keys are prefixed `publicReports.`. */
export const publicReportsZh = {};

export const publicReportsEn: Record<keyof typeof publicReportsZh, string> = {};
