/** UI strings of the public-portal feature, Chinese first; keys are prefixed `publicPortal.`. */
export const publicPortalZh = {};

export const publicPortalEn: Record<keyof typeof publicPortalZh, string> = {};
