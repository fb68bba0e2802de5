import type { ApiComponents, Role } from '@outfall/shared-types';

type Schemas = ApiComponents['schemas'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unit: { id: string; name: string } | null;
  active: boolean;
  lastLoginAt: string | null;
  demo: boolean;
  createdAt: string;
  version: number;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: string;
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  unitId?: string;
  active?: boolean;
  password?: string;
  version: number;
}

/** An API key as listed (the secret hashes are never sent). */
export type ApiKey = Omit<Schemas['ApiKey'], 'secretHash' | 'previousSecretHash'>;
export type CreateApiKeyInput = Schemas['CreateApiKeyDto'];
export type UpdateApiKeyInput = Schemas['UpdateApiKeyDto'];
export type RotateApiKeyInput = Schemas['RotateApiKeyDto'];

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The secret itself: shown once. */
  key: string;
}
