import type { FastifyRequest } from 'fastify';

/** The console's session cookie: apart from the portal's `tt_session`, so one browser can hold both. */
export const CONSOLE_COOKIE = 'tt_console';
/** The subject console sessions are stored under in the session store; never an affiliate id (`aff_…`). */
export const CONSOLE_SUBJECT = '@console';
/** A program manager's session lasts a working day; the admin token is asked for again after it. */
export const CONSOLE_SESSION_MS = 12 * 3_600_000;

/** The console cookie of a request, if it could be one. */
export const consoleToken = (request: FastifyRequest): string | null => {
  const token = (request.cookies as Record<string, string | undefined> | undefined)?.[
    CONSOLE_COOKIE
  ];
  return token && token.length <= 256 ? token : null;
};
