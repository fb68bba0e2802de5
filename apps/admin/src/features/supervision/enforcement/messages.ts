/** UI strings of the enforcement feature, Chinese first; keys are prefixed `enforcement.`. */
export const enforcementZh = {};

export const enforcementEn: Record<keyof typeof enforcementZh, string> = {};
