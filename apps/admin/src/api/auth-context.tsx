import type { Me, Permission } from '@outfall/shared-types';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { fetchMe, login as loginRequest, logoutEverywhere, refreshSession } from './auth.api';
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
  /** Ends every session of this account (all browsers), then this one. */
  logoutEverywhere(): Promise<void>;
  retry(): void;
  can(permission: Permission): boolean;
}

const AuthContext = createContext<Auth | null>(null);
const ME_KEY = ['auth', 'me'] as const;

/**
 * The tab remembers that its session ended by itself, so the login page still says so after a reload (a 401
 * can end the session just before the user, or another tab's logout, reloads the page).
 */
const ENDED_KEY = 'outfall.sessionEnded';
const endedNotice = {
  get(): boolean {
    try {
      return sessionStorage.getItem(ENDED_KEY) === '1';
    } catch {
      return false;
    }
  },
  set(ended: boolean): void {
    try {
      if (ended) sessionStorage.setItem(ENDED_KEY, '1');
      else sessionStorage.removeItem(ENDED_KEY);
    } catch {
      // no session storage (private mode): the notice lasts until the next reload only
    }
  },
};
/** How long before the token's expiry it is renewed (the user was active) or the warning shows (idle). */
const RENEW_BEFORE_MS = 5 * 60_000;
/** Input within this span counts as "active": the session is renewed without asking. */
const ACTIVE_WITHIN_MS = 15 * 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

const SessionExpiryModal = lazy(async () => ({
  default: (await import('./session-expiry-modal')).SessionExpiryModal,
}));

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => tokenStore.token() !== null);
  const [expiresAt, setExpiresAt] = useState(() => tokenStore.expiresAt());
  const [expired, setExpiredState] = useState(() => tokenStore.token() === null && endedNotice.get());
  const setExpired = useCallback((ended: boolean) => {
    endedNotice.set(ended);
    setExpiredState(ended);
  }, []);
  const [warning, setWarning] = useState(false);
  const lastInput = useRef(0);

  const end = useCallback(
    (becauseExpired: boolean) => {
      tokenStore.clear();
      queryClient.clear();
      setExpired(becauseExpired);
      setWarning(false);
      setExpiresAt(null);
      setSignedIn(false);
    },
    [queryClient, setExpired],
  );

  const renew = useCallback(async () => {
    try {
      tokenStore.save(await refreshSession());
      setExpiresAt(tokenStore.expiresAt());
      setWarning(false);
    } catch {
      // a 401 already ended the session (onUnauthorized); anything else: the warning stays, expiry follows
    }
  }, []);

  // a 401 on any signed-in call, or the token's own expiry, ends the session
  useEffect(() => onUnauthorized(() => end(true)), [end]);
  useEffect(() => {
    if (!signedIn || expiresAt === null) return;
    const timer = window.setTimeout(() => end(true), Math.max(0, expiresAt - Date.now()));
    // shortly before the expiry: renew silently when the user was active, otherwise ask (会话即将过期)
    const nearExpiry = window.setTimeout(
      () => {
        if (Date.now() - lastInput.current < ACTIVE_WITHIN_MS) void renew();
        else setWarning(true);
      },
      Math.max(0, expiresAt - RENEW_BEFORE_MS - Date.now()),
    );
    return () => {
      window.clearTimeout(timer);
      window.clearTimeout(nearExpiry);
    };
  }, [signedIn, expiresAt, end, renew]);

  // the user's input (not timers or polling) is what keeps a session alive
  useEffect(() => {
    const seen = () => (lastInput.current = Date.now());
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, seen, { passive: true, capture: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, seen, { capture: true });
    };
  }, []);

  // one session across tabs: another tab's login, renewal or logout applies here too
  useEffect(
    () =>
      tokenStore.onChange((token) => {
        if (!token) {
          queryClient.clear();
          setWarning(false);
          setExpiresAt(null);
          setSignedIn(false);
          return;
        }
        setExpiresAt(tokenStore.expiresAt());
        setWarning(false);
        setExpired(false);
        setSignedIn((was) => {
          // signed in elsewhere (perhaps as someone else): start from a clean cache
          if (!was) queryClient.clear();
          return true;
        });
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
      }),
    [queryClient, setExpired],
  );

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
      setExpiresAt(tokenStore.expiresAt());
      setExpired(false);
      setSignedIn(true);
    },
    [queryClient, setExpired],
  );
  const logout = useCallback(() => end(false), [end]);
  const logoutAll = useCallback(async () => {
    await logoutEverywhere();
    end(false);
  }, [end]);
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
      logoutEverywhere: logoutAll,
      retry,
      can: (permission) => permissions.has(permission),
    };
  }, [signedIn, meQuery.data, meQuery.isError, meQuery.error, expired, login, logout, logoutAll, retry]);

  return (
    <AuthContext.Provider value={value}>
      {children}
      {warning && signedIn && expiresAt !== null && (
        <Suspense fallback={null}>
          <SessionExpiryModal expiresAt={expiresAt} onContinue={renew} onLogout={logout} />
        </Suspense>
      )}
    </AuthContext.Provider>
  );
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider> above it');
  return auth;
}
