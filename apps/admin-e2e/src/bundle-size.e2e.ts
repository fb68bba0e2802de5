import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SPA_DIR } from './support/paths';

/** The budget for the JavaScript a first visit loads before any route's own chunk (issue 16). */
const BUDGET_GZIP_BYTES = 250 * 1024;

/** The `import … from "./x.js"` / `export … from` / bare `import "./x.js"` statements of a built chunk. */
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g;

/**
 * The initial JavaScript: the entry script of the built index.html, its modulepreload links, and every chunk
 * they import statically (transitively). Dynamic `import()` (the lazy routes, ECharts, the map) is not initial.
 */
function initialChunks(): string[] {
  const html = readFileSync(join(SPA_DIR, 'index.html'), 'utf8');
  const start = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]);
  expect(start.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(SPA_DIR, file), 'utf8');
    for (const [, specifier] of code.matchAll(STATIC_IMPORT)) {
      queue.push(specifier.startsWith('/') ? specifier : posix.join(posix.dirname(file), specifier));
    }
  }
  return [...seen];
}

describe('bundle size', () => {
  it('keeps the initial JavaScript within 250 KB gzipped', () => {
    const rows = initialChunks().map((file) => {
      const bytes = readFileSync(join(SPA_DIR, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
    });
    const total = rows.reduce((sum, row) => sum + row.gzip, 0);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        `initial JavaScript: ${kb(total)} gzipped (budget ${kb(BUDGET_GZIP_BYTES)}), ${rows.length} files`,
        ...rows.sort((a, b) => b.gzip - a.gzip).map((r) => `  ${r.file}  ${kb(r.raw)} → ${kb(r.gzip)}`),
      ].join('\n'),
    );
    // the split is real: lazy route chunks exist beyond the initial set
    const html = readFileSync(join(SPA_DIR, 'index.html'), 'utf8');
    expect(html).toMatch(/\/assets\/index-[\w-]+\.js/);
    expect(rows.some((r) => /dashboard-page/.test(r.file))).toBe(false);
    expect(rows.some((r) => /echarts/.test(r.file))).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
