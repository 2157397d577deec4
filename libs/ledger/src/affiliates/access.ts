import type { Decider } from '../decider';
import { refuse } from '../refusal';

/**
 * An affiliate's portal access: the invite that lets them choose a password, and the password itself.
 * Stream `access-{affiliateId}`. Only hashes are recorded: the invite token is shown once (the invite URL),
 * the password never leaves the login form.
 */
export interface AffiliateInviteIssued {
  type: 'AffiliateInviteIssued';
  data: {
    affiliateId: string;
    inviteId: string;
    /** SHA-256 of the token in the invite URL. */
    tokenHash: string;
    expiresAt: string;
    occurredAt: string;
  };
}

/** The invite was used: one use, so a second use of the same URL is refused. */
export interface AffiliatePasswordSet {
  type: 'AffiliatePasswordSet';
  data: {
    affiliateId: string;
    inviteId: string;
    /** argon2id, salt and parameters inside the encoded string. */
    passwordHash: string;
    occurredAt: string;
  };
}

export type AccessEvent = AffiliateInviteIssued | AffiliatePasswordSet;

export interface AccessState {
  /** The latest invite; issuing a new one retires the previous. */
  invite: { inviteId: string; tokenHash: string; expiresAt: string; used: boolean } | null;
  passwordHash: string | null;
}

export const initialAccess = (): AccessState => ({ invite: null, passwordHash: null });

export const evolveAccess = (state: AccessState, event: AccessEvent): AccessState => {
  switch (event.type) {
    case 'AffiliateInviteIssued': {
      const { inviteId, tokenHash, expiresAt } = event.data;
      return { ...state, invite: { inviteId, tokenHash, expiresAt, used: false } };
    }
    case 'AffiliatePasswordSet':
      return {
        passwordHash: event.data.passwordHash,
        invite:
          state.invite && state.invite.inviteId === event.data.inviteId
            ? { ...state.invite, used: true }
            : state.invite,
      };
  }
};

/** How long an invite URL works. */
const INVITE_DAYS = 7;

export type AccessCommand =
  | { type: 'IssueInvite'; affiliateId: string; inviteId: string; tokenHash: string; now: string }
  | {
      type: 'AcceptInvite';
      affiliateId: string;
      tokenHash: string;
      passwordHash: string;
      now: string;
    };

const decideAccess = (command: AccessCommand, state: AccessState): AccessEvent[] => {
  switch (command.type) {
    case 'IssueInvite': {
      const expiresAt = new Date(Date.parse(command.now) + INVITE_DAYS * 86_400_000).toISOString();
      const { affiliateId, inviteId, tokenHash, now } = command;
      return [
        {
          type: 'AffiliateInviteIssued',
          data: { affiliateId, inviteId, tokenHash, expiresAt, occurredAt: now },
        },
      ];
    }
    case 'AcceptInvite': {
      const invite = state.invite;
      // One message for unknown and retired tokens: the answer must not tell which tokens once existed.
      if (!invite || invite.tokenHash !== command.tokenHash)
        return refuse(
          'invite_invalid',
          'This invite link is not valid. Ask the program manager for a new one.',
          'not_found',
        );
      if (invite.used)
        return refuse(
          'invite_used',
          'This invite link has already been used. Log in, or ask for a new invite.',
        );
      if (command.now >= invite.expiresAt)
        return refuse(
          'invite_expired',
          'This invite link has expired. Ask the program manager for a new one.',
        );
      const { affiliateId, passwordHash, now } = command;
      return [
        {
          type: 'AffiliatePasswordSet',
          data: { affiliateId, inviteId: invite.inviteId, passwordHash, occurredAt: now },
        },
      ];
    }
  }
};

/** The stream `access-{affiliateId}`: portal invites and the password. */
export const accessDecider: Decider<AccessState, AccessCommand, AccessEvent> = {
  initialState: initialAccess,
  evolve: evolveAccess,
  decide: decideAccess,
};
