import type { Page } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { requestJson, withQuery } from '../../../api/http-client';
import type {
  ApiKey,
  CreateApiKeyInput,
  RotateApiKeyInput,
  UpdateApiKeyInput,
  CreatedApiKey,
  CreateUserInput,
  UpdateUserInput,
  User,
} from './accounts.types';

type Query = Record<string, string | number | boolean | undefined>;

export const listUsers = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<User>>('GET', withQuery('/api/v1/users', query), { signal });
export const createUser = (input: CreateUserInput) =>
  requestJson<User>('POST', '/api/v1/users', { body: input });
export const updateUser = (id: string, input: UpdateUserInput) =>
  requestJson<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, { body: input });

export const listApiKeys = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<ApiKey>>('GET', withQuery('/api/v1/api-keys', query), { signal });
export const createApiKey = (input: CreateApiKeyInput) =>
  requestJson<CreatedApiKey>('POST', '/api/v1/api-keys', { body: input });
export const revokeApiKey = (id: string) =>
  requestJson<ApiKey>('DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`);
export const updateApiKey = (id: string, body: UpdateApiKeyInput) =>
  dataOf(api.PATCH('/api/v1/api-keys/{id}', { params: { path: { id } }, body }));
/** A new secret (shown once); the previous one keeps working until `previousValidUntil`. */
export const rotateApiKey = (id: string, body: RotateApiKeyInput) =>
  dataOf(api.POST('/api/v1/api-keys/{id}/rotate', { params: { path: { id } }, body }));
export const revokePreviousSecret = (id: string) =>
  dataOf(api.POST('/api/v1/api-keys/{id}/revoke-previous', { params: { path: { id } } }));
