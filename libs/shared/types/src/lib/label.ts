/** A bilingual label: Chinese first (the UI default), English second. */
export interface Label {
  zh: string;
  en: string;
}

export type LabelMap<T extends string> = Record<T, Label>;

export type Locale = 'zh-CN' | 'en-US';

export function labelOf<T extends string>(labels: LabelMap<T>, value: T, locale: Locale = 'zh-CN'): string {
  const label = labels[value];
  return locale === 'en-US' ? label.en : label.zh;
}

/** The Chinese label of a stored value for sheets and reports; unknown values pass through, empty stays empty. */
export function zhLabel<T extends string>(labels: LabelMap<T>, value: unknown): string {
  return typeof value === 'string' && value ? (labels[value as T]?.zh ?? value) : '';
}
