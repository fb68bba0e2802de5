import { beforeEach, describe, expect, it } from '@jest/globals';
import { type ApiPaths, OutfallCategory } from '@outfall/shared-types';
import createClient from 'openapi-fetch';
import { ApiError, CLIENT_ERROR_CODES } from './api-error';
import { dataOf, sessionMiddleware } from './api-client';
import { onUnauthorized, queryString } from './http-client';

// a localStorage for the token store (the specs run in Node)
const storage = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  },
});

const SESSION = 'outfall.session';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function clientAnswering(answer: (request: Request) => Response | Promise<Response>, anonymous = false) {
  const seen: Request[] = [];
  const api = createClient<ApiPaths>({
    baseUrl: 'http://api.test',
    querySerializer: (query) => queryString(query),
    fetch: async (request) => {
      seen.push(request);
      return answer(request);
    },
  });
  api.use(sessionMiddleware(anonymous));
  return { api, seen };
}

describe('the typed API client', () => {
  beforeEach(() => {
    storage.clear();
    storage.set(SESSION, JSON.stringify({ token: 'tok-1', expiresAt: Date.now() + 60_000 }));
  });

  it('sends the bearer token and the defined, non-empty query parameters, and answers the data', async () => {
    const { api, seen } = clientAnswering(() => json(200, { items: [], total: 0, limit: 5, offset: 0 }));
    const page = await dataOf(
      api.GET('/api/v1/outfalls', {
        params: { query: { category: OutfallCategory.Industrial, limit: 5, q: '' } },
      }),
    );
    expect(page.total).toBe(0);
    expect(seen[0].url).toBe('http://api.test/api/v1/outfalls?category=industrial&limit=5');
    expect(seen[0].headers.get('Authorization')).toBe('Bearer tok-1');
  });

  it('sends no token on an anonymous call', async () => {
    const { api, seen } = clientAnswering(() => json(200, {}), true);
    await api.GET('/api/v1/outfalls', {});
    expect(seen[0].headers.get('Authorization')).toBeNull();
  });

  it('throws the API error body as an ApiError with its field messages', async () => {
    const { api } = clientAnswering(() =>
      json(422, {
        code: 'VALIDATION_FAILED',
        message: '输入有误',
        details: [{ field: 'localCode', message: '必填' }],
        requestId: 'r-1',
      }),
    );
    const failure = await api.GET('/api/v1/outfalls', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError;
    expect([error.status, error.code, error.body.requestId]).toEqual([422, 'VALIDATION_FAILED', 'r-1']);
    expect(error.fieldErrors().get('localCode')).toBe('必填');
  });

  it('ends the session on a 401 to a signed-in call, not to an anonymous one', async () => {
    let lost = 0;
    const stop = onUnauthorized(() => lost++);
    try {
      const unauthorized = () => json(401, { code: 'UNAUTHENTICATED', message: '请登录', details: [] });
      const anonymous = clientAnswering(unauthorized, true).api;
      await expect(anonymous.GET('/api/v1/outfalls', {})).rejects.toBeInstanceOf(ApiError);
      expect([lost, storage.has(SESSION)]).toEqual([0, true]);

      const signedIn = clientAnswering(unauthorized).api;
      await expect(signedIn.GET('/api/v1/outfalls', {})).rejects.toMatchObject({ status: 401 });
      expect([lost, storage.has(SESSION)]).toEqual([1, false]);
    } finally {
      stop();
    }
  });

  it('tells a 401 that came before anyone listened to the listener that registers next', async () => {
    const signedIn = clientAnswering(() =>
      json(401, { code: 'UNAUTHENTICATED', message: '请登录', details: [] }),
    ).api;
    await expect(signedIn.GET('/api/v1/dashboard', {})).rejects.toMatchObject({ status: 401 });
    let lost = 0;
    const stop = onUnauthorized(() => lost++);
    try {
      expect([lost, storage.has(SESSION)]).toEqual([1, false]);
      // told once: the next listener does not hear it again
      const again = onUnauthorized(() => lost++);
      again();
      expect(lost).toBe(1);
    } finally {
      stop();
    }
  });

  it('turns a failed fetch into the network ApiError and lets an abort through', async () => {
    const down = clientAnswering(() => Promise.reject(new TypeError('Failed to fetch'))).api;
    await expect(down.GET('/api/v1/outfalls', {})).rejects.toMatchObject({
      status: 0,
      code: CLIENT_ERROR_CODES.network,
    });
    const aborted = clientAnswering(() => Promise.reject(new DOMException('aborted', 'AbortError'))).api;
    await expect(aborted.GET('/api/v1/outfalls', {})).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('answers undefined for a 204', async () => {
    const { api } = clientAnswering(() => new Response(null, { status: 204 }));
    await expect(dataOf(api.POST('/api/v1/auth/logout-all', {}))).resolves.toBeUndefined();
  });
});
