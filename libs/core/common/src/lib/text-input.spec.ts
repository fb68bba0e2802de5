import { findTextProblems, MAX_INPUT_DEPTH, normalizeCode } from './text-input';

describe('normalizeCode', () => {
  it('folds full width, removes every space and upper-cases', () => {
    expect(normalizeCode(' ＡＢＣ－１２３４５\u3000')).toBe('ABC-12345');
    expect(normalizeCode('abc- 123\t45')).toBe('ABC-12345');
    expect(normalizeCode('91652301ma7a1b2c3x')).toBe('91652301MA7A1B2C3X');
  });
});

describe('findTextProblems', () => {
  it('names the field of a control character, nested and in arrays', () => {
    expect(findTextProblems({ a: { rows: [{ address: 'x\u0007' }] } }).errors).toEqual([
      { field: 'a.rows[0].address', message: 'a.rows[0].address must not contain control characters' },
    ]);
    expect(findTextProblems('a\u0000', 'q').errors.map((e) => e.field)).toEqual(['q']);
  });

  it('allows line breaks and tabs in free text, not in names and codes', () => {
    expect(findTextProblems({ address: 'a\r\nb\tc', conclusion: 'x\ny' }).errors).toEqual([]);
    expect(
      findTextProblems({ name: 'a\nb', nationalCode: 'A\tB' })
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['name', 'nationalCode']);
  });

  it('refuses names that are blank after trimming, leaves empty ones to the DTO', () => {
    expect(
      findTextProblems({ name: ' \u3000', contactName: '  ' })
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['contactName', 'name']);
    expect(findTextProblems({ name: '', address: '   ' }).errors).toEqual([]);
  });

  it('stops at MAX_INPUT_DEPTH without recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(findTextProblems(deep).tooDeep).toBe(true);
    let shallow: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) shallow = { a: shallow };
    expect(findTextProblems(shallow).tooDeep).toBe(false);
  });
});

describe('findTextProblems, flat objects checked in place', () => {
  it('reports the same fields in document order, mixed nesting and key names included', () => {
    const body = {
      rows: [
        { outfallCode: 'A\tB', laboratory: 'ok', value: 1 },
        'x\u0001',
        { name: ' ', nested: { address: 'y\u0002' }, 'k\u0003': 'z\u0004' },
        [1, 'w\u0005', null],
      ],
      '': 'v\u0006',
      note: 'fine',
    };
    expect(findTextProblems(body, 'body').errors).toEqual([
      {
        field: 'body.rows[0].outfallCode',
        message: 'body.rows[0].outfallCode must not contain control characters',
      },
      { field: 'body.rows[1]', message: 'body.rows[1] must not contain control characters' },
      { field: 'body.rows[2].k?', message: 'a field name must not contain control characters' },
      { field: 'body.rows[2].name', message: 'body.rows[2].name must not be blank' },
      {
        field: 'body.rows[2].nested.address',
        message: 'body.rows[2].nested.address must not contain control characters',
      },
      { field: 'body.rows[2].k\u0003', message: 'body.rows[2].k\u0003 must not contain control characters' },
      { field: 'body.rows[3][1]', message: 'body.rows[3][1] must not contain control characters' },
      { field: 'body.', message: 'body. must not contain control characters' },
    ]);
    expect(findTextProblems({ '': 'v\u0006' }).errors).toEqual([
      { field: 'value', message: 'value must not contain control characters' },
    ]);
  });
});

describe('findTextProblems, property names seen before', () => {
  it('judges a name the same on every row, however often it repeats', () => {
    const rows = Array.from({ length: 3 }, () => ({ name: ' ', 'x\u0001': 'ok', remark: 'a\tb' }));
    expect(findTextProblems({ rows }, 'body').errors.map((e) => e.field)).toEqual(
      [0, 1, 2].flatMap((i) => [`body.rows[${i}].x?`, `body.rows[${i}].name`]),
    );
  });

  it('judges long names the same, every time', () => {
    const long = `${'x'.repeat(100)}Name`;
    for (let i = 0; i < 2; i++)
      expect(findTextProblems({ [long]: ' ', [`${long}\u0001`]: 'ok' }).errors.map((e) => e.message)).toEqual(
        ['a field name must not contain control characters', `${long} must not be blank`],
      );
  });

  it('still judges names past the cached ones (a body of endless distinct names)', () => {
    const row: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) row[`f${i}Name`] = ' ';
    const errors = findTextProblems(row).errors;
    expect(errors).toHaveLength(3000);
    expect(errors[2999]).toEqual({ field: 'f2999Name', message: 'f2999Name must not be blank' });
  });
});
