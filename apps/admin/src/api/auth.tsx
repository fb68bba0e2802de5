import type { LoginResponse, Me } from '@outfall/shared-types';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, session, setUnauthorizedHandler } from './client';

interface Auth {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): void;
  can(permission: string): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => session.get() !== null);
  const logout = useCallback(() => {
    session.clear();
    client.clear();
    setSignedIn(false);
  }, [client]);
  useEffect(() => setUnauthorizedHandler(logout), [logout]);
  const meQuery = useQuery({
    queryKey: ['me'],
    queryFn: () => api<Me>('GET', '/api/v1/auth/me'),
    enabled: signedIn,
    retry: false,
  });
  const login = useCallback(
    async (username: string, password: string) => {
      const response = await api<LoginResponse>('POST', '/api/v1/auth/login', { username, password });
      session.set(response);
      client.clear();
      setSignedIn(true);
    },
    [client],
  );
  const value = useMemo<Auth>(() => {
    const me = signedIn ? (meQuery.data ?? null) : null;
    return {
      me,
      loading: signedIn && meQuery.isPending,
      login,
      logout,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    };
  }, [signedIn, meQuery.data, meQuery.isPending, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside AuthProvider');
  return context;
}
