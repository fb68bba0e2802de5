import type { Page } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../../api/http-client';
import type {
  ApiKey,
  CreateApiKeyInput,
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
