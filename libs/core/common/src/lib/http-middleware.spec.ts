import { jsonDepthExceeds } from './http-middleware';

/** `levels` objects or arrays nested in one another around `leaf`. */
function nest(levels: number, leaf: unknown, array = false): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = array ? [1, value, 'x'] : { a: 1, b: value };
  return value;
}

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, not the primitives inside them', () => {
    expect(jsonDepthExceeds('text', 0)).toBe(false);
    expect(jsonDepthExceeds(null, 0)).toBe(false);
    expect(jsonDepthExceeds({}, 1)).toBe(false);
    expect(jsonDepthExceeds({}, 0)).toBe(true);
    // 3 levels: the outer object at depth 0, the innermost at depth 2
    expect(jsonDepthExceeds(nest(3, 'leaf'), 3)).toBe(false);
    expect(jsonDepthExceeds(nest(3, 'leaf'), 2)).toBe(true);
    expect(jsonDepthExceeds(nest(3, 'leaf', true), 3)).toBe(false);
    expect(jsonDepthExceeds(nest(4, 'leaf', true), 3)).toBe(true);
  });

  it('finds the deep branch among wide shallow ones, and mixes of arrays and objects', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ i, name: 'x', tags: ['a', 'b'] }));
    // body 0, rows 1, a row 2, its tags 3
    expect(jsonDepthExceeds({ rows }, 4)).toBe(false);
    expect(jsonDepthExceeds({ rows }, 3)).toBe(true);
    // … a row 2, deep 3, { x } 4, x 5
    expect(jsonDepthExceeds({ rows: [...rows, { deep: [{ x: [] }] }] }, 5)).toBe(true);
    expect(jsonDepthExceeds({ rows: [...rows, { deep: [{ x: [] }] }] }, 6)).toBe(false);
  });

  it('walks a hostile nesting without recursing', () => {
    expect(jsonDepthExceeds(nest(100_000, 1), 32)).toBe(true);
    expect(jsonDepthExceeds(nest(31, 1, true), 32)).toBe(false);
  });
});
