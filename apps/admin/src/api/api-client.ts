import type { ApiPaths } from '@outfall/shared-types';
import createClient, { type Middleware } from 'openapi-fetch';
import { networkError } from './api-error';
import { failureOf, queryString } from './http-client';
import { tokenStore } from './token-store';

/**
 * Middleware giving the typed client the same policy as `requestJson`: the bearer token on signed-in calls,
 * non-2xx → a thrown ApiError (a 401 ends the session unless the call is anonymous), a failed fetch → the
 * NETWORK_ERROR ApiError, an abort → the AbortError as it is.
 */
export function sessionMiddleware(anonymous: boolean): Middleware {
  return {
    onRequest({ request }) {
      const token = anonymous ? null : tokenStore.token();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      request.headers.set('Accept', 'application/json');
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) throw await failureOf(response, anonymous);
      return undefined;
    },
    onError({ error }) {
      // returning nothing rethrows the abort as it is
      if (error instanceof DOMException && error.name === 'AbortError') return undefined;
      return networkError(error);
    },
  };
}

function client(anonymous: boolean) {
  const api = createClient<ApiPaths>({
    // the query string the hand-written calls send: undefined, null and '' left out
    querySerializer: (query) => queryString(query),
  });
  api.use(sessionMiddleware(anonymous));
  return api;
}

/** The typed client of the REST contract (paths, parameters, bodies and answers from apps/api/openapi.json). */
export const api = client(false);

/** The same client for public calls (login, meta): a 401 is an answer to show, not a lost session. */
export const anonymousApi = client(true);

/**
 * The answer's body: the middleware has already thrown on anything but 2xx, so what is left is the data
 * (undefined for 204), typed by the contract.
 */
export async function dataOf<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}

/**
 * `dataOf` for an answer whose schema leaves nested objects untyped (`Record<string, never>`, e.g. a
 * relation the view fills in): `T` is the schema's type with those fields described (`Omit<…> & {…}`), so
 * the schema's own fields still come from the contract.
 */
export async function refinedDataOf<T>(call: Promise<{ data?: unknown; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
