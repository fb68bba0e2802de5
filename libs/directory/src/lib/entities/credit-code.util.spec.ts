import { creditCodeProblem, withCreditCodeCheck } from './credit-code.util';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    '91350100M000100Y43', // a widely published valid example
    '91110000600037341L',
    withCreditCodeCheck('91652301MA7800001'),
  ])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('refuses a wrong check character and names the right one', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('creditCode check character is wrong (expected 3)');
  });

  it.each(['91350100M000100Y4', '91350100M000100Y433', '91350100I000100Y43', '91350100m000100y43'])(
    'refuses the malformed %s',
    (code) => {
      expect(creditCodeProblem(code)).toMatch(/18 characters/);
    },
  );
});
