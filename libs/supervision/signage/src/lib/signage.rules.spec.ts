import { INDUSTRY_CODE_PATTERN, SIGN_PHONE_PATTERN } from '@outfall/shared-types';

describe('sign content rules', () => {
  it('accepts a mobile number or a landline with its area code', () => {
    for (const phone of ['13912345678', '19900001111', '0994-2345678', '09942345678', '010-12345678'])
      expect(SIGN_PHONE_PATTERN.test(phone)).toBe(true);
    for (const phone of ['12912345678', '1391234567', '2345678', '0994_2345678', '+8613912345678', ''])
      expect(SIGN_PHONE_PATTERN.test(phone)).toBe(false);
  });

  it('reads GB/T 4754 codes with or without the section letter', () => {
    for (const code of ['33', '171', '3360', 'C3360']) expect(INDUSTRY_CODE_PATTERN.test(code)).toBe(true);
    for (const code of ['3', '33601', 'CC336', '33-60']) expect(INDUSTRY_CODE_PATTERN.test(code)).toBe(false);
  });
});
