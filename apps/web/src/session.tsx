import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from './api';
import { Failure, Loading } from './format';

export interface SessionInfo {
  affiliateId: string;
  name: string;
  csrfToken: string;
  expiresAt: string;
}

/** The session behind the cookie (null when logged out); its CSRF token goes on every write. */
export const useSession = () =>
  useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const session = await api<SessionInfo>('/v1/auth/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });

export const useLogout = () => {
  const client = useQueryClient();
  return async () => {
    await api('/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(['session'], null);
  };
};

/** Pages behind the login: a logged-out visitor goes to the login form and comes back afterwards. */
export const RequireSession = ({ children }: { children: ReactNode }) => {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="your account" />;
  if (session.isError) return <Failure error={session.error} />;
  if (!session.data)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
};
