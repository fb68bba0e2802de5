import { api, dataOf } from '../../../api/api-client';
import type {
  ApiKeyQuery,
  CreateApiKeyInput,
  RotateApiKeyInput,
  UpdateApiKeyInput,
  CreateUserInput,
  UpdateUserInput,
  UserQuery,
} from './accounts.types';

export const listUsers = (query: UserQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/users', { params: { query }, signal }));
export const createUser = (body: CreateUserInput) => dataOf(api.POST('/api/v1/users', { body }));
export const updateUser = (id: string, body: UpdateUserInput) =>
  dataOf(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));

export const listApiKeys = (query: ApiKeyQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/api-keys', { params: { query }, signal }));
export const createApiKey = (body: CreateApiKeyInput) => dataOf(api.POST('/api/v1/api-keys', { body }));
export const revokeApiKey = (id: string) =>
  dataOf(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
export const updateApiKey = (id: string, body: UpdateApiKeyInput) =>
  dataOf(api.PATCH('/api/v1/api-keys/{id}', { params: { path: { id } }, body }));
/** A new secret (shown once); the previous one keeps working until `previousValidUntil`. */
export const rotateApiKey = (id: string, body: RotateApiKeyInput) =>
  dataOf(api.POST('/api/v1/api-keys/{id}/rotate', { params: { path: { id } }, body }));
export const revokePreviousSecret = (id: string) =>
  dataOf(api.POST('/api/v1/api-keys/{id}/revoke-previous', { params: { path: { id } } }));
