/** UI strings of the tasks feature, Chinese first; keys are prefixed `tasks.`. */
export const tasksZh = {};

export const tasksEn: Record<keyof typeof tasksZh, string> = {};
