import type { Locale } from '@outfall/shared-types';

/**
 * The API's field messages are English (class-validator's defaults and the services' own checks). In Chinese
 * mode each known shape gets a Chinese sentence saying what would be accepted; anything else a generic hint
 * (the code's own translation, when there is one, is shown first by the caller).
 */
const CHARSETS: ReadonlyArray<[RegExp, string]> = [
  [/lower-case letters, digits or underscores/i, '小写字母、数字或下划线'],
  [/capital letters or digits/i, '大写字母或数字'],
  [/letters, digits or -/i, '字母、数字或连字符'],
];

const PATTERNS: ReadonlyArray<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/should not be empty|must not be empty|is required|must be provided/i, () => '必填'],
  [/should not exist/i, () => '不允许提交此项'],
  [
    /must be (\d+)[–-](\d+) (.+?)(, starting with a letter)?$/i,
    (m) => {
      const charset = CHARSETS.find(([pattern]) => pattern.test(m[3]))?.[1];
      if (/^characters?$/i.test(m[3])) return `长度应为 ${m[1]}–${m[2]} 个字符`;
      if (/^digits/i.test(m[3])) return `应为 ${m[1]}–${m[2]} 位数字`;
      return `应为 ${m[1]}–${m[2]} 位${charset ?? '字符'}${m[4] ? '，以字母开头' : ''}`;
    },
  ],
  [
    /must be ([\d, ]+?)(?:,? or (\d+))? digits/i,
    (m) => `应为 ${m[1].trim()}${m[2] ? ` 或 ${m[2]}` : ''} 位数字`,
  ],
  [/must be longer than or equal to (\d+) characters?/i, (m) => `至少 ${m[1]} 个字符`],
  [/must be shorter than or equal to (\d+) characters?/i, (m) => `不能超过 ${m[1]} 个字符`],
  [/must contain at least (\d+) elements?|must name at least (\d+)/i, (m) => `至少选择 ${m[1] ?? m[2]} 项`],
  [/must contain no more than (\d+) elements?/i, (m) => `最多 ${m[1]} 项`],
  [
    /must (?:not be greater than|be at most) (-?[\d.]+)\s*([^\s,;]*)/i,
    (m) => `不能大于 ${m[1]}${m[2] ? ` ${m[2]}` : ''}`,
  ],
  [
    /must (?:not be less than|be at least) (-?[\d.]+)\s*([^\s,;]*)/i,
    (m) => `不能小于 ${m[1]}${m[2] ? ` ${m[2]}` : ''}`,
  ],
  [/must be a positive number/i, () => '必须大于 0'],
  [/must be an integer/i, () => '请输入整数'],
  [/must be a number/i, () => '请输入数字'],
  [/must be a boolean|must be true or false/i, () => '请选择是或否'],
  [/must be an array/i, () => '请提供列表'],
  [/must be one of/i, () => '请从列表中选择'],
  [/date-time/i, () => '日期时间格式不正确'],
  [/ISO 8601 date|must be a valid date|must be a Date|YYYY-MM-DD/i, () => '日期格式应为 年-月-日'],
  [/must be (?:a )?UUIDs?/i, () => '请从列表中选择'],
  [/must be a string/i, () => '请输入文本'],
  [/phone/i, () => '请输入正确的电话号码'],
  [/control characters/i, () => '不能包含控制字符'],
  [/blank|whitespace/i, () => '不能只包含空格'],
  [/in the future|later than today|after today/i, () => '不能晚于今天'],
  [/must match|must look like|format|invalid/i, () => '格式不正确'],
];

const CJK = /[\u4e00-\u9fff]/;

/** The generic hint (no known shape): callers drop it when the error code already has a translation. */
export const GENERIC_FIELD_MESSAGE = '填写有误，请检查';

/** The API's message for one field, in the current language. */
export function fieldMessage(message: string, locale: Locale): string {
  if (locale === 'en-US') return message;
  // bilingual API messages ("中文 / English"): the Chinese half
  if (CJK.test(message)) return message.split(' / ')[0];
  for (const [pattern, zh] of PATTERNS) {
    const match = message.match(pattern);
    if (match) return zh(match);
  }
  return GENERIC_FIELD_MESSAGE;
}
