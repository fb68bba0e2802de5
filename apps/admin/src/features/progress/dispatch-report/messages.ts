/** UI strings of the dispatch-report feature, Chinese first; keys are prefixed `dispatchReport.`. */
export const dispatchReportZh = {};

export const dispatchReportEn: Record<keyof typeof dispatchReportZh, string> = {};
