import type { Me, Permission } from '@outfall/shared-types';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as loginRequest } from './auth.api';
import { onUnauthorized } from './http-client';
import { tokenStore } from './token-store';

export type AuthStatus = 'signed-out' | 'loading' | 'ready' | 'error';

export interface Auth {
  status: AuthStatus;
  /** The signed-in account once `GET /auth/me` answered. */
  me: Me | null;
  /** Why `/auth/me` failed (status `error`). */
  error: Error | null;
  /** True when the session ended by itself (expiry or a 401), so the login page can say so. */
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): void;
  retry(): void;
  can(permission: Permission): boolean;
}

const AuthContext = createContext<Auth | null>(null);
const ME_KEY = ['auth', 'me'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => tokenStore.token() !== null);
  const [expired, setExpired] = useState(false);

  const end = useCallback(
    (becauseExpired: boolean) => {
      tokenStore.clear();
      queryClient.clear();
      setExpired(becauseExpired);
      setSignedIn(false);
    },
    [queryClient],
  );

  // a 401 on any signed-in call, or the token's own expiry, ends the session
  useEffect(() => onUnauthorized(() => end(true)), [end]);
  useEffect(() => {
    const expiresAt = signedIn ? tokenStore.expiresAt() : null;
    if (expiresAt === null) return;
    const timer = window.setTimeout(() => end(true), Math.max(0, expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [signedIn, end]);

  const meQuery = useQuery({
    queryKey: ME_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: signedIn,
    retry: false,
    staleTime: Infinity,
  });

  const login = useCallback(
    async (username: string, password: string) => {
      const response = await loginRequest(username, password);
      queryClient.clear();
      tokenStore.save(response);
      setExpired(false);
      setSignedIn(true);
    },
    [queryClient],
  );
  const logout = useCallback(() => end(false), [end]);
  const { refetch } = meQuery;
  const retry = useCallback(() => void refetch(), [refetch]);

  const value = useMemo<Auth>(() => {
    const me = signedIn ? (meQuery.data ?? null) : null;
    let status: AuthStatus = 'signed-out';
    if (signedIn) status = me ? 'ready' : meQuery.isError ? 'error' : 'loading';
    const permissions = new Set(me?.permissions ?? []);
    return {
      status,
      me,
      error: signedIn ? meQuery.error : null,
      expired,
      login,
      logout,
      retry,
      can: (permission) => permissions.has(permission),
    };
  }, [signedIn, meQuery.data, meQuery.isError, meQuery.error, expired, login, logout, retry]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider> above it');
  return auth;
}
