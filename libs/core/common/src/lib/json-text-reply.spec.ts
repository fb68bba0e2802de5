import express from 'express';
import request from 'supertest';
import { sendJsonText } from './json-text-reply';

/**
 * An Express app answering `body` at /json-text through `sendJsonText` (as its UTF-8 bytes at /json-bytes),
 * and through `res.send` at /send; `etag`: the app's ETag setting (Express's default: weak).
 */
function app(body: string, etag: boolean | 'weak' | 'strong' = 'weak') {
  const server = express();
  server.set('etag', etag);
  const json = (res: express.Response) => res.setHeader('Content-Type', 'application/json; charset=utf-8');
  server.get('/json-text', (_req, res) => {
    json(res);
    if (!sendJsonText(res, body)) res.send(body);
  });
  server.get('/json-bytes', (_req, res) => {
    json(res);
    if (!sendJsonText(res, Buffer.from(body, 'utf8'))) res.send(body);
  });
  server.get('/send', (_req, res) => {
    json(res);
    res.send(body);
  });
  return server;
}

const BODIES = [
  '',
  '{}',
  '{"name":"头屯河六工段雨洪排口","n":1}',
  JSON.stringify({ items: 'x'.repeat(5000) }),
  JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ name: `排口${i}` })) }),
];

describe('sendJsonText (JSON text answers without res.send)', () => {
  it.each(BODIES.map((b) => [b.slice(0, 30), b]))(
    'answers with the headers, ETag and body of res.send (%s)',
    async (_label, body) => {
      for (const etag of ['weak', 'strong', false] as const) {
        const server = app(body, etag);
        const [mine, bytes, theirs] = await Promise.all([
          request(server).get('/json-text'),
          request(server).get('/json-bytes'),
          request(server).get('/send'),
        ]);
        for (const answer of [mine, bytes]) {
          expect(answer.status).toBe(200);
          expect(answer.text).toBe(theirs.text);
          for (const header of ['content-type', 'content-length', 'etag'])
            expect(answer.headers[header]).toBe(theirs.headers[header]);
        }
        if (etag) expect(theirs.headers['etag']).toBeDefined();
        else expect(theirs.headers['etag']).toBeUndefined();
      }
    },
  );

  it('answers a fresh conditional GET with 304 and no body, and HEAD without a body', async () => {
    const body = '{"a":1}';
    const server = app(body);
    const first = await request(server).get('/json-text');
    const again = await request(server).get('/json-text').set('If-None-Match', first.headers['etag']);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const theirs = await request(server).get('/send').set('If-None-Match', first.headers['etag']);
    expect(theirs.status).toBe(304);
    for (const header of ['content-type', 'content-length', 'etag'])
      expect(again.headers[header]).toBe(theirs.headers[header]);
    const bytes = await request(server).get('/json-bytes').set('If-None-Match', first.headers['etag']);
    expect(bytes.status).toBe(304);
    expect(bytes.text).toBe('');
    for (const path of ['/json-text', '/json-bytes']) {
      const head = await request(server).head(path);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(head.text ?? '').toBe('');
    }
  });

  it('leaves other content types to res.send', async () => {
    const server = express();
    server.get('/', (_req, res) => {
      res.setHeader('Content-Type', 'text/csv');
      expect(sendJsonText(res, 'a,b')).toBe(false);
      res.send('a,b');
    });
    expect((await request(server).get('/')).text).toBe('a,b');
  });
});
