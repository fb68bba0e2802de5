/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character set
 * (digits and capitals without I, O, S, V, Z); the last is a check character over the first 17.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CHARSET[check];
}

/** null when valid, otherwise what is wrong (for the field message). */
export function creditCodeProblem(code: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return 'creditCode must be 18 characters: digits and capital letters except I, O, S, V, Z';
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  return expected === code[17] ? null : `creditCode check character is wrong (expected ${expected})`;
}

/** Builds a valid code from a 17-character body (demo data). */
export function withCreditCodeCheck(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`not a credit-code body: ${first17}`);
  return first17 + check;
}
