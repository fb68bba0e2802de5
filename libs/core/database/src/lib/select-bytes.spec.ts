import { BinaryCopyReader, inlineParameters, sqlLiteral } from './select-bytes';

/** A binary COPY stream's messages: the header with the first row, one row per message, the trailer alone. */
function copyMessages(rows: (Buffer | null)[][]): Buffer[] {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const messages = rows.map((row) => {
    const parts: Buffer[] = [Buffer.from([row.length >> 8, row.length & 0xff])];
    for (const value of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(value ? value.length : -1);
      parts.push(length, ...(value ? [value] : []));
    }
    return Buffer.concat(parts);
  });
  if (messages.length) messages[0] = Buffer.concat([header, messages[0]]);
  else messages.push(header);
  return [...messages, Buffer.from([0xff, 0xff])];
}

describe('sqlLiteral', () => {
  it('writes text, numbers, booleans and null as PostgreSQL reads the same parameter', () => {
    expect(sqlLiteral('头屯河')).toBe("'头屯河'");
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('%a\\_b%')).toBe(" E'%a\\\\_b%'");
    expect(sqlLiteral(87.25)).toBe("'87.25'");
    expect(sqlLiteral(-1e-7)).toBe("'-1e-7'");
    expect(sqlLiteral(true)).toBe("'true'");
    expect(sqlLiteral(null)).toBe('NULL');
  });

  it('refuses what it cannot write safely', () => {
    expect(sqlLiteral('a\u0000b')).toBeUndefined();
    expect(sqlLiteral(Number.NaN)).toBeUndefined();
    expect(sqlLiteral(undefined)).toBeUndefined();
    expect(sqlLiteral({ a: 1 })).toBeUndefined();
    expect(sqlLiteral(['a'])).toBeUndefined();
  });
});

describe('inlineParameters', () => {
  it('replaces every placeholder, $10 as $10, in one pass (a value spelt $2 stays a value)', () => {
    const parameters = ['$2', 'b', 3, 4, 5, 6, 7, 8, 9, "ten's"];
    expect(inlineParameters('SELECT $1, $2, $10, $1 WHERE x = $3', parameters)).toBe(
      `SELECT '$2', 'b', 'ten''s', '$2' WHERE x = '3'`,
    );
  });

  it('gives undefined when a parameter cannot be a literal, and throws for a placeholder without one', () => {
    expect(inlineParameters('SELECT $1', ['a\u0000'])).toBeUndefined();
    expect(() => inlineParameters('SELECT $2', ['a'])).toThrow(/no parameter/);
  });
});

describe('BinaryCopyReader', () => {
  it('reads the rows of a binary COPY, values as bytes, NULL as null', () => {
    const int = Buffer.alloc(4);
    int.writeInt32BE(50);
    const items = Buffer.from('[{"name":"头屯河六工段雨洪排口"}]', 'utf8');
    const reader = new BinaryCopyReader();
    for (const message of copyMessages([
      [int, items],
      [null, Buffer.alloc(0)],
    ]))
      reader.push(message);
    const rows = reader.finish();
    expect(rows).toHaveLength(2);
    expect(rows[0][0]?.readInt32BE(0)).toBe(50);
    expect(rows[0][1]?.equals(items)).toBe(true);
    expect(rows[1]).toEqual([null, Buffer.alloc(0)]);
  });

  it('keeps its own copy of each value (the message memory may be reused)', () => {
    const reader = new BinaryCopyReader();
    const messages = copyMessages([[Buffer.from('abc')]]);
    for (const message of messages) reader.push(message);
    messages[0].fill(0);
    expect(reader.finish()[0][0]?.toString()).toBe('abc');
  });

  it('reads a COPY with no row, and refuses a stream without header or trailer', () => {
    const empty = new BinaryCopyReader();
    for (const message of copyMessages([])) empty.push(message);
    expect(empty.finish()).toEqual([]);
    expect(() => new BinaryCopyReader().push(Buffer.from('[]'))).toThrow(/no header/);
    const unfinished = new BinaryCopyReader();
    unfinished.push(copyMessages([[Buffer.from('a')]])[0]);
    expect(() => unfinished.finish()).toThrow(/no trailer/);
  });
});
