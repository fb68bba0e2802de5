/** `value` when it is one of the enum's values: a hand-edited URL cannot send an unknown filter. */
export function oneOf<T extends string>(values: Record<string, T>, value: string | undefined): T | undefined {
  return value !== undefined && (Object.values(values) as string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** A yes/no filter held in the URL as `true` / `false`. */
export function flag(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
