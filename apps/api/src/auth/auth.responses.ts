import { error, validationFailed, type AreaDocs } from '../http/api-docs';
import type { AuthController } from './auth.controller';

const AFFILIATE_ID = 'aff_a6b234144f9f301b';
const SESSION = {
  affiliateId: AFFILIATE_ID,
  name: 'Ann Example',
  csrfToken: '7C1TdAVDiNa9alzePmWnJN3P782aSbKV',
  expiresAt: '2026-01-17T12:00:00.000Z',
};

export const AUTH_DOCS: AreaDocs<AuthController> = {
  errors: [],
  routes: {
    login: {
      summary: 'Log in to the portal',
      description:
        '`{email, password}` → `{affiliateId, name, csrfToken, expiresAt}` and the `tt_session` cookie. Limited to 10 attempts per account and 30 per IP in 15 minutes (429 `too_many_requests`). Writes made with the cookie need `X-CSRF-Token: {csrfToken}`.',
      ok: { description: 'Logged in; the `tt_session` cookie is set.', example: SESSION },
      errors: [
        validationFailed('email', 'Enter the email address your invite was sent to.'),
        error(401, 'invalid_login', 'That email and password do not match an account.'),
        error(403, 'affiliate_suspended', 'this affiliate account is suspended'),
        error(429, 'too_many_requests', 'Too many login attempts. Try again in 15 minutes.'),
      ],
    },
    logout: {
      summary: 'Log out of the portal',
      description: 'A write: the CSRF header is needed while the session is open.',
      ok: { status: 204, description: 'Logged out; the cookie is cleared.' },
      errors: [
        error(
          403,
          'csrf_token_invalid',
          'this change needs the X-CSRF-Token header of your session; reload the page and try again',
        ),
      ],
    },
    session: {
      summary: 'The portal session behind the cookie',
      description:
        'Extension: the session behind the cookie — `{affiliateId, name, csrfToken, expiresAt}` — read by the portal when it loads; 401 when logged out.',
      ok: { description: 'The session.', example: SESSION },
      errors: [error(401, 'unauthorized', 'not logged in')],
    },
    acceptInvite: {
      summary: 'Set a password with an invite',
      description:
        'Extension: the set-password form of `/portal/invite/{token}` — `{token, password}` (10 to 256 characters) → `{affiliateId}`; the invite works once, for 7 days (`invite_used`, `invite_expired`, `invite_invalid`).',
      ok: {
        description: 'The password is set; log in with it.',
        example: { affiliateId: AFFILIATE_ID },
      },
      errors: [
        validationFailed('password', 'Choose a password of at least 10 characters.'),
        error(
          404,
          'invite_invalid',
          'This invite link is not valid. Ask the program manager for a new one.',
        ),
        error(
          422,
          'invite_used',
          'This invite link has already been used. Log in, or ask for a new invite.',
        ),
        error(
          422,
          'invite_expired',
          'This invite link has expired. Ask the program manager for a new one.',
        ),
      ],
    },
  },
};
