import type { ApiComponents, ApiOperations } from '@outfall/shared-types';

type Schemas = ApiComponents['schemas'];

/** A user account as the API answers it (the password hash is never sent). */
export type User = Schemas['UserDto'];
export type CreateUserInput = Schemas['CreateUserDto'];
export type UpdateUserInput = Schemas['UpdateUserDto'];
export type UserQuery = NonNullable<ApiOperations['UsersController_list']['parameters']['query']>;
export type ApiKeyQuery = NonNullable<ApiOperations['ApiKeysController_list']['parameters']['query']>;

/** An API key as listed (the secret hashes are never sent). */
export type ApiKey = Omit<Schemas['ApiKey'], 'secretHash' | 'previousSecretHash'>;
export type CreateApiKeyInput = Schemas['CreateApiKeyDto'];
export type UpdateApiKeyInput = Schemas['UpdateApiKeyDto'];
export type RotateApiKeyInput = Schemas['RotateApiKeyDto'];

/** A new key with its secret, shown once. */
export type CreatedApiKey = Omit<Schemas['CreatedApiKeyDto'], 'apiKey'> & { apiKey: ApiKey };
