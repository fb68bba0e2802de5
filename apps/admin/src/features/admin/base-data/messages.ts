/** UI strings of the base-data management pages, Chinese first; keys are prefixed `baseData.`. */
export const baseDataZh = {
  'baseData.menu': '基础数据',
};

export const baseDataEn: Record<keyof typeof baseDataZh, string> = {
  'baseData.menu': 'Base data',
};
