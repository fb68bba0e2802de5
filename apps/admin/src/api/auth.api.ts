import type { LoginResponse, Me } from '@outfall/shared-types';
import { requestJson } from './http-client';
import type { Meta } from './types';

export function login(username: string, password: string): Promise<LoginResponse> {
  return requestJson<LoginResponse>('POST', '/api/v1/auth/login', {
    body: { username, password },
    anonymous: true,
  });
}

export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return requestJson<Me>('GET', '/api/v1/auth/me', { signal });
}

export function fetchMeta(signal?: AbortSignal): Promise<Meta> {
  return requestJson<Meta>('GET', '/api/v1/meta', { signal, anonymous: true });
}

/** A new access token for the current session (while the current one is still valid). */
export function refreshSession(): Promise<LoginResponse> {
  return requestJson<LoginResponse>('POST', '/api/v1/auth/refresh');
}

/** Ends every session of this account, in every browser. */
export function logoutEverywhere(): Promise<void> {
  return requestJson<void>('POST', '/api/v1/auth/logout-all');
}
