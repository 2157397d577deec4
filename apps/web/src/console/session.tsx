import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError, setCsrfToken } from '../api';
import { Failure, Loading } from '../format';

export interface ConsoleSession {
  csrfToken: string;
  expiresAt: string;
}

/** The console session behind the httpOnly cookie (null when logged out); the token itself is never kept. */
export const useConsoleSession = () =>
  useQuery({
    queryKey: ['console-session'],
    queryFn: async () => {
      try {
        const session = await api<ConsoleSession>('/v1/console/session');
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
    await api('/v1/console/logout', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(['console-session'], null);
  };
};

export const RequireConsoleSession = ({ children }: { children: ReactNode }) => {
  const session = useConsoleSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="the console" />;
  if (session.isError) return <Failure error={session.error} />;
  if (!session.data)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
};
