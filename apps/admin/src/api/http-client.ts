import { type ApiError, apiErrorFrom, networkError } from './api-error';
import { tokenStore } from './token-store';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as JSON, or as multipart when it is a FormData. */
  body?: unknown;
  signal?: AbortSignal;
  /** A public call (login, meta): a 401 is an answer to show, not a lost session. */
  anonymous?: boolean;
}

type QueryValue = string | number | boolean | null | undefined;

let unauthorizedListener: (() => void) | null = null;
/**
 * A 401 that came before anyone listened: the 工作台 prefetch starts before React's first render, so its 401 can
 * arrive first. It is told to the listener when one registers, so the login page still says why.
 */
let lostUnheard = false;

/** Registers what happens when the API answers 401 to a signed-in call (the app returns to login). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListener = listener;
  if (lostUnheard) {
    lostUnheard = false;
    listener();
  }
  return () => {
    if (unauthorizedListener === listener) unauthorizedListener = null;
  };
}

/** The defined, non-empty parameters as a query string, without the `?` (empty when there are none). */
export function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/** Appends the defined, non-empty parameters as a query string. */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const text = queryString(params);
  return text ? `${path}?${text}` : path;
}

/**
 * The one failure policy for a non-2xx answer: a 401 to a signed-in call ends the session (token dropped,
 * listener told); the answer becomes an ApiError to throw.
 */
export async function failureOf(response: Response, anonymous = false): Promise<ApiError> {
  if (response.status === 401 && !anonymous) {
    tokenStore.clear();
    if (unauthorizedListener) unauthorizedListener();
    else lostUnheard = true;
  }
  return apiErrorFrom(response);
}

/** The defined, non-empty entries of a filter, as a JSON body (exports take the list's filters). */
export function definedOnly<T extends object>(filter: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Partial<T>;
}

/** One HTTP call with the bearer token; rejects with an ApiError on anything but 2xx. */
export async function send(
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers = new Headers({ Accept: 'application/json' });
  const token = options.anonymous ? null : tokenStore.token();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  // a FormData body (file upload) sets its own multipart boundary
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: form
        ? (options.body as FormData)
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(error);
  }
  if (response.ok) return response;
  throw await failureOf(response, options.anonymous);
}

/** A JSON call: the parsed body, or undefined for 204. */
export async function requestJson<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
