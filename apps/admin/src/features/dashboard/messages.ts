/** UI strings of the role dashboards, Chinese first; keys are prefixed `dashboard2.`. */
export const dashboardZh = {};

export const dashboardEn: Record<keyof typeof dashboardZh, string> = {};
