import type { Role } from '@outfall/shared-types';

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

/**
 * An API key as listed. Today a key has one `scope`; the key-scopes work may answer `scopes` instead, and
 * either is shown (unknown scope values show as they are).
 */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scope?: string;
  scopes?: string[];
  divisionId: string | null;
  createdById: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

export interface CreateApiKeyInput {
  name: string;
  scope: string;
  divisionId?: string;
  expiresAt?: string;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The secret itself: shown once. */
  key: string;
}
