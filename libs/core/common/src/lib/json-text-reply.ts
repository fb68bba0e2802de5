import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';

/** A Content-Type that says JSON in UTF-8, as `@Header('Content-Type', 'application/json; charset=utf-8')` sets it. */
const JSON_UTF8 = /^application\/json;\s*charset=utf-8$/i;

/**
 * Sends JSON text a handler returned (the directory's pages and cards come as text from PostgreSQL, or as its
 * UTF-8 bytes in a Buffer) the way Express's `res.send` does — Content-Length, the app's ETag (`etag fn`, as
 * `res.send` computes it), 304 for a fresh conditional GET, no body for HEAD — without the per-request work
 * this case does not need (parsing and re-formatting the Content-Type that `@Header` set). Text is encoded
 * once, a Buffer used as it is. Returns false, having sent nothing, when the answer is not that case (the
 * caller uses `res.send`).
 */
export function sendJsonText(res: Response, text: string | Buffer): boolean {
  const type = res.getHeader('Content-Type');
  if (typeof type !== 'string' || !JSON_UTF8.test(type)) return false;
  // the app's ETag function, as `app.set('etag', …)` compiled it (what `res.send` calls; none when disabled)
  const etag = res.app.get('etag fn') as ((body: Buffer, encoding: 'utf8') => string) | undefined;
  const status = res.statusCode;
  if (status === 204 || status === 205 || status === 304) return false;
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (typeof etag === 'function' && !res.getHeader('ETag')) {
    const tag = etag(body, 'utf8');
    if (tag) res.setHeader('ETag', tag);
  }
  res.setHeader('Content-Length', body.length);
  if (res.req.fresh) {
    res.status(304);
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
  } else if (res.req.method === 'HEAD') res.end();
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
