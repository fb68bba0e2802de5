/** UI strings of the source-lists feature, Chinese first; keys are prefixed `sourceLists.`. */
export const sourceListsZh = {};

export const sourceListsEn: Record<keyof typeof sourceListsZh, string> = {};
