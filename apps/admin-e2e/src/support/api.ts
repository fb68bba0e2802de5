import { DEMO_PASSWORD, url } from './browser';

/**
 * A JSON call to the API as `username`: for setting up what a test is not about, or for comparing what a page
 * shows with what the API answers.
 */
export async function api<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(url(`/api/v1${path}`), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
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
