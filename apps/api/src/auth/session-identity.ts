import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tt_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The session cookie of a request, if it could be one. */
export const sessionToken = (request: FastifyRequest): string | null => {
  const token = (request.cookies as Record<string, string | undefined> | undefined)?.[
    SESSION_COOKIE
  ];
  return token && token.length <= 256 ? token : null;
};
