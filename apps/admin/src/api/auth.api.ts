import type { LoginResponse, Me } from '@outfall/shared-types';
import { anonymousApi, api, dataOf } from './api-client';
import type { Meta } from './schemas';

export function login(username: string, password: string): Promise<LoginResponse> {
  return dataOf(anonymousApi.POST('/api/v1/auth/login', { body: { username, password } }));
}

export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return dataOf(api.GET('/api/v1/auth/me', { signal }));
}

export function fetchMeta(signal?: AbortSignal): Promise<Meta> {
  return dataOf(anonymousApi.GET('/api/v1/meta', { signal }));
}

/** A new access token for the current session (while the current one is still valid). */
export function refreshSession(): Promise<LoginResponse> {
  return dataOf(api.POST('/api/v1/auth/refresh'));
}

/** Ends every session of this account, in every browser. */
export function logoutEverywhere(): Promise<void> {
  return dataOf(api.POST('/api/v1/auth/logout-all'));
}
