import type { LoginResponse } from '@outfall/shared-types';

const KEY = 'outfall.session';

interface StoredToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

function read(): StoredToken | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<StoredToken>;
    if (typeof stored.token === 'string' && typeof stored.expiresAt === 'number') {
      return { token: stored.token, expiresAt: stored.expiresAt };
    }
  } catch {
    // fall through: a damaged entry is dropped
  }
  sessionStorage.removeItem(KEY);
  return null;
}

/** The access token and its expiry, kept in sessionStorage (one tab, gone when the tab closes). */
export const tokenStore = {
  /** The token while it is still valid; an expired one is dropped. */
  token(): string | null {
    const stored = read();
    if (!stored) return null;
    if (stored.expiresAt <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return stored.token;
  },
  expiresAt(): number | null {
    return read()?.expiresAt ?? null;
  },
  save(login: LoginResponse): void {
    const stored: StoredToken = { token: login.accessToken, expiresAt: Date.now() + login.expiresIn * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(stored));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
