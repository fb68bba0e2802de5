/** UI strings of the patrols feature, Chinese first; keys are prefixed `patrols.`. */
export const patrolsZh = {};

export const patrolsEn: Record<keyof typeof patrolsZh, string> = {};
