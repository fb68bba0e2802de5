/** UI strings of the permits feature, Chinese first; keys are prefixed `permits.`. */
export const permitsZh = {};

export const permitsEn: Record<keyof typeof permitsZh, string> = {};
