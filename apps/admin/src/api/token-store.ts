import type { LoginResponse } from '@outfall/shared-types';

const KEY = 'outfall.session';

interface StoredToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

function parse(raw: string | null): StoredToken | null {
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<StoredToken>;
    if (typeof stored.token === 'string' && typeof stored.expiresAt === 'number') {
      return { token: stored.token, expiresAt: stored.expiresAt };
    }
  } catch {
    // fall through: a damaged entry is dropped
  }
  return null;
}

function read(): StoredToken | null {
  const stored = parse(localStorage.getItem(KEY));
  if (!stored) localStorage.removeItem(KEY);
  return stored;
}

/**
 * The access token and its expiry, kept in localStorage: one session for all tabs of the browser. A login,
 * renewal or logout in one tab reaches the others through the `storage` event (`onChange`).
 */
export const tokenStore = {
  /** The token while it is still valid; an expired one is dropped. */
  token(): string | null {
    const stored = read();
    if (!stored) return null;
    if (stored.expiresAt <= Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return stored.token;
  },
  expiresAt(): number | null {
    return read()?.expiresAt ?? null;
  },
  save(login: LoginResponse): void {
    const stored: StoredToken = { token: login.accessToken, expiresAt: Date.now() + login.expiresIn * 1000 };
    localStorage.setItem(KEY, JSON.stringify(stored));
  },
  clear(): void {
    localStorage.removeItem(KEY);
  },
  /** Calls `listener` when another tab signs in, renews or signs out (not for this tab's own writes). */
  onChange(listener: (token: string | null) => void): () => void {
    const handle = (event: StorageEvent) => {
      if (event.key !== KEY && event.key !== null) return;
      listener(parse(event.newValue)?.token ?? null);
    };
    window.addEventListener('storage', handle);
    return () => window.removeEventListener('storage', handle);
  },
};
