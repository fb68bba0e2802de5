import { DEMO_PASSWORD, url } from './browser';

/** Tokens per username, reused by `api` (each test file runs in its own module scope). */
const tokens = new Map<string, string>();

async function tokenOf(username: string): Promise<string> {
  const kept = tokens.get(username);
  if (kept) return kept;
  const login = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await login.json()) as { accessToken?: string };
  if (!login.ok || !body.accessToken)
    throw new Error(`login as ${username}: ${login.status} ${JSON.stringify(body)}`);
  tokens.set(username, body.accessToken);
  return body.accessToken;
}

/**
 * A JSON call to the API as `username`: for setting up what a test is not about, or for comparing what a page
 * shows with what the API answers. The user's token is reused (a suite that signed in anew for every call met
 * the per-user login limit); a 401 (e.g. after a logout everywhere) signs in once more.
 */
export async function api<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const call = async () =>
    fetch(url(`/api/v1${path}`), {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(username)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await call();
  if (response.status === 401) {
    tokens.delete(username);
    response = await call();
  }
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** The Beijing calendar day `offsetDays` from today, as YYYY-MM-DD. */
export function beijingDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Asia/Shanghai',
  });
}
