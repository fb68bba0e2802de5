import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutfallCountCache } from '@outfall/directory';
import { TestApp } from './support/test-app';

/**
 * The HTTP edge around the SPA and the API: compressed answers above the threshold (assets, API JSON, the public
 * fast path's cached bytes), downloads as they are, hashed assets cached for good, index.html revalidated.
 */
describe('HTTP edge: compression and cache headers', () => {
  let t: TestApp;
  let spaDir: string;
  const previousSpaDir = process.env['SPA_DIR'];
  /** A built SPA in miniature: index.html and a hashed, compressible asset. */
  const ASSET = '/assets/index-DmHefMnF.js';
  const assetBody = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `排污口${i}`))};\n`;

  beforeAll(async () => {
    spaDir = mkdtempSync(join(tmpdir(), 'spa-edge-'));
    mkdirSync(join(spaDir, 'assets'));
    writeFileSync(join(spaDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(spaDir, ASSET), assetBody);
    writeFileSync(join(spaDir, 'favicon.txt'), 'not hashed');
    process.env['SPA_DIR'] = spaDir;
    t = await TestApp.create({ outfalls: 40 });
  });
  afterAll(async () => {
    await t.close();
    if (previousSpaDir === undefined) delete process.env['SPA_DIR'];
    else process.env['SPA_DIR'] = previousSpaDir;
    rmSync(spaDir, { recursive: true, force: true });
  });

  it('sends a hashed asset gzipped and cacheable for a year, immutable', async () => {
    const res = await t.http.get(ASSET).set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.text).toBe(assetBody);
  });

  it('revalidates index.html (SPA routes and the file itself) and unhashed files', async () => {
    for (const path of ['/', '/outfalls', '/index.html', '/favicon.txt']) {
      const res = await t.http.get(path).set('Accept', 'text/html');
      expect({ path, status: res.status, cache: res.headers['cache-control'] }).toEqual({
        path,
        status: 200,
        cache: 'no-cache',
      });
    }
  });

  it('compresses API JSON above the threshold and leaves small answers as they are', async () => {
    const auth = await t.auth('eco_officer');
    const list = await t.http.get('/api/v1/outfalls?limit=40').set(auth).set('Accept-Encoding', 'gzip');
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('gzip');
    expect(list.body.items).toHaveLength(40);
    // (a count slow enough to be kept, as on a loaded machine, would answer the second read as an estimate)
    t.app.get(OutfallCountCache).invalidate();
    const plain = await t.http.get('/api/v1/outfalls?limit=40').set(auth).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(list.body);
    const small = await t.http.get('/health/live').set('Accept-Encoding', 'gzip');
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('keeps the public fast path: the cached bytes arrive (compressed when large) and the ETag answers 304', async () => {
    const get = (path: string) =>
      t.http.get(path).set('Accept-Encoding', 'gzip').set('X-Forwarded-For', '198.51.100.77');
    for (const path of ['/api/v1/public/outfalls/filters', '/api/v1/public/outfalls?limit=50']) {
      const miss = await get(path);
      const hit = await get(path);
      expect({ path, miss: miss.status, hit: hit.status }).toEqual({ path, miss: 200, hit: 200 });
      expect(hit.body).toEqual(miss.body);
      expect(hit.headers['etag']).toBe(miss.headers['etag']);
      if (Buffer.byteLength(JSON.stringify(hit.body)) > 1100)
        expect(hit.headers['content-encoding']).toBe('gzip');
      const revalidated = await get(path).set('If-None-Match', hit.headers['etag']);
      expect(revalidated.status).toBe(304);
    }
  });

  it('sends a file download as it is (no transfer encoding on its bytes)', async () => {
    const res = await t.http
      .get('/api/v1/samples/import-template')
      .set(await t.auth('eco_officer'))
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});
