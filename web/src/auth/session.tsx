import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import {
  api,
  call,
  onSession,
  restoreSession,
  setAccessToken,
  type Session,
  type User,
} from '../api/client';
import { localeInUrl, useLocale } from '../i18n/i18n';

type Status = 'restoring' | 'signedIn' | 'signedOut';

export interface SessionState {
  status: Status;
  user: User | null;
  /** Why the visitor was signed out: their session ended while they were using the app. */
  expired: boolean;
  /**
   * Why the session could not be checked on start (the service down, unreachable…): signed out
   * meanwhile, and told so — never taken for "no session". Null otherwise.
   */
  restoreError: unknown;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  setUser(user: User): void;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The signed-in user. On start the refresh cookie is exchanged for a session (a reload keeps
 * you signed in without a stored token) when this browser may have one; the user's language
 * and zone then drive the app.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('restoring');
  const [user, setUserState] = useState<User | null>(null);
  const [expired, setExpired] = useState(false);
  const [restoreError, setRestoreError] = useState<unknown>(null);
  const { setLocale, setTimeZone } = useLocale();
  const queryClient = useQueryClient();

  const adopt = useCallback(
    (next: User) => {
      setUserState(next);
      setLocale(next.locale);
      setTimeZone(next.timeZone);
    },
    [setLocale, setTimeZone],
  );
  const start = useCallback(
    (session: Session) => {
      setAccessToken(session.accessToken);
      // An address that asks for the other language (the language link opened in a new tab)
      // is the reader's choice, as a click on it is: kept for their session and their profile.
      const asked = localeInUrl();
      if (asked && asked !== session.user.locale) {
        adopt({ ...session.user, locale: asked });
        void call(api.PATCH('/api/v1/me', { body: { locale: asked } })).then(
          (updated) => adopt(updated),
          () => undefined,
        );
      } else adopt(session.user);
      setExpired(false);
      setRestoreError(null);
      setStatus('signedIn');
    },
    [adopt],
  );

  useEffect(() => {
    onSession({
      renewed: (session) => adopt(session.user),
      lost: () => {
        setExpired(true);
        setUserState(null);
        setStatus('signedOut');
        queryClient.clear();
      },
    });
    let live = true;
    // No session (a visitor who is not signed in) is a normal answer, not an error.
    restoreSession().then(
      (session) => {
        if (!live) return;
        if (session) start(session);
        else setStatus('signedOut');
      },
      (error: unknown) => {
        if (!live) return;
        setRestoreError(error);
        setStatus('signedOut');
      },
    );
    return () => {
      live = false;
    };
  }, [adopt, start, queryClient]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
      start(session);
    },
    [start],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      setAccessToken(null);
      setUserState(null);
      setExpired(false);
      setStatus('signedOut');
      queryClient.clear();
    }
  }, [queryClient]);

  const value = useMemo(
    () => ({ status, user, expired, restoreError, signIn, signOut, setUser: adopt }),
    [status, user, expired, restoreError, signIn, signOut, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user (inside the signed-in part of the app only). */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}
