import type { Locale } from '@outfall/shared-types';

/**
 * The API's field messages are English (class-validator's defaults and the services' own checks). In Chinese
 * mode each known shape gets a Chinese sentence saying what would be accepted; anything else a generic hint
 * (the code's own translation, when there is one, is shown first by the caller).
 */
const PATTERNS: ReadonlyArray<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/should not be empty|must not be empty|is required|must be provided/i, () => '必填'],
  [/should not exist/i, () => '不允许提交此项'],
  [/must be longer than or equal to (\d+) characters?/i, (m) => `至少 ${m[1]} 个字符`],
  [/must be shorter than or equal to (\d+) characters?/i, (m) => `不能超过 ${m[1]} 个字符`],
  [/must contain at least (\d+) elements?/i, (m) => `至少选择 ${m[1]} 项`],
  [/must contain no more than (\d+) elements?/i, (m) => `最多 ${m[1]} 项`],
  [/must not be greater than (-?[\d.]+)/i, (m) => `不能大于 ${m[1]}`],
  [/must not be less than (-?[\d.]+)/i, (m) => `不能小于 ${m[1]}`],
  [/must be a positive number/i, () => '必须大于 0'],
  [/must be an integer/i, () => '请输入整数'],
  [/must be a number/i, () => '请输入数字'],
  [/must be a boolean/i, () => '请选择是或否'],
  [/must be an array/i, () => '请提供列表'],
  [/must be one of/i, () => '请从列表中选择'],
  [/ISO 8601 date|must be a valid date|must be a Date|YYYY-MM-DD/i, () => '日期格式应为 年-月-日'],
  [/must be a UUID/i, () => '请从列表中选择'],
  [/must be a string/i, () => '请输入文本'],
  [/phone/i, () => '请输入正确的电话号码'],
  [/control characters/i, () => '不能包含控制字符'],
  [/blank|whitespace/i, () => '不能只包含空格'],
  [/in the future|later than today|after today/i, () => '不能晚于今天'],
  [/must match|format|invalid/i, () => '格式不正确'],
];

const CJK = /[\u4e00-\u9fff]/;

/** The API's message for one field, in the current language. */
export function fieldMessage(message: string, locale: Locale): string {
  if (locale === 'en-US' || CJK.test(message)) return message;
  for (const [pattern, zh] of PATTERNS) {
    const match = message.match(pattern);
    if (match) return zh(match);
  }
  return '填写有误，请检查';
}
