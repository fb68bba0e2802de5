/** UI strings of the public-reports feature, Chinese first; keys are prefixed `publicReports.`. */
export const publicReportsZh = {
  'publicReports.menu': '公众举报',
  'publicReports.navReport': '我要举报',
  'publicReports.navTrack': '举报查询',
};

export const publicReportsEn: Record<keyof typeof publicReportsZh, string> = {
  'publicReports.menu': 'Public reports',
  'publicReports.navReport': 'Report an outfall',
  'publicReports.navTrack': 'Track a report',
};
