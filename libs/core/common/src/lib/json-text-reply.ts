import { createHash } from 'node:crypto';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';

/** A Content-Type that says JSON in UTF-8, as `@Header('Content-Type', 'application/json; charset=utf-8')` sets it. */
const JSON_UTF8 = /^application\/json;\s*charset=utf-8$/i;

/**
 * Express's default (weak) ETag of a body: `W/"<byte length in hex>-<first 27 base64 characters of its
 * SHA-1>"`, as the `etag` package computes it.
 */
export function weakEtag(body: Buffer | string): string {
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${length.toString(16)}-${hash}"`;
}

/**
 * Up to this many characters the text is hashed and written as a string (Node writes the head and a string
 * body as one chunk); above, it is encoded once into a Buffer that is hashed, measured and written (hashing and
 * writing a large string would encode it twice, after flattening the page's concatenation).
 */
const STRING_BODY_MAX_CHARS = 16 * 1024;

/**
 * Sends JSON text a handler returned (the directory's pages and cards come as text from PostgreSQL, or as its
 * UTF-8 bytes in a Buffer, which is hashed, measured and written as it is) the way Express's `res.send` does —
 * Content-Length, the weak ETag, 304 for a fresh conditional GET, no body for HEAD — without the per-request
 * work this case does not need (parsing and re-formatting the Content-Type that `@Header` set, a Buffer copy of
 * a small body). Returns false, having sent nothing, when the answer is not that case (the caller uses
 * `res.send`).
 */
export function sendJsonText(res: Response, text: string | Buffer): boolean {
  const type = res.getHeader('Content-Type');
  if (typeof type !== 'string' || !JSON_UTF8.test(type)) return false;
  const etagSetting: unknown = res.app.get('etag');
  if (etagSetting !== 'weak' && etagSetting !== true && etagSetting !== false) return false;
  const status = res.statusCode;
  if (status === 204 || status === 205 || status === 304) return false;
  const body =
    typeof text === 'string' && text.length > STRING_BODY_MAX_CHARS ? Buffer.from(text, 'utf8') : text;
  if (etagSetting !== false && !res.getHeader('ETag')) res.setHeader('ETag', weakEtag(body));
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length);
  if (res.req.fresh) {
    res.status(304);
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
  } else if (res.req.method === 'HEAD') res.end();
  else if (typeof body === 'string') res.end(body, 'utf8');
  else res.end(body);
  return true;
}

/**
 * Nest's Express adapter, with string and Buffer answers of JSON handlers sent by `sendJsonText`; everything
 * else as Nest sends it. Used by `main.ts` and the test bootstrap.
 */
export class PlatformExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      if (statusCode) response.status(statusCode);
      if (sendJsonText(response, body)) return undefined;
    }
    return super.reply(response, body, statusCode);
  }
}
