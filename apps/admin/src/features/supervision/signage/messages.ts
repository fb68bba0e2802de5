/** UI strings of the signage feature, Chinese first; keys are prefixed `signage.`. */
export const signageZh = {};

export const signageEn: Record<keyof typeof signageZh, string> = {};
