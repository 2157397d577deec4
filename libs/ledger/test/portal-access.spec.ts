import { accessDecider, type AccessCommand, type AccessEvent } from '../src/affiliates/access';
import { specFor } from './decider-spec';

const accessSpec = specFor(accessDecider);

const issued = (
  inviteId: string,
  tokenHash: string,
  occurredAt = '2026-01-01T00:00:00.000Z',
): AccessEvent => ({
  type: 'AffiliateInviteIssued',
  data: {
    affiliateId: 'ann',
    inviteId,
    tokenHash,
    expiresAt: new Date(Date.parse(occurredAt) + 7 * 86_400_000).toISOString(),
    occurredAt,
  },
});
const accept = (tokenHash: string, now = '2026-01-03T00:00:00.000Z'): AccessCommand => ({
  type: 'AcceptInvite',
  affiliateId: 'ann',
  tokenHash,
  passwordHash: '$argon2id$x',
  now,
});

describe('portal access: invites and passwords', () => {
  it('an invite is good for seven days', () => {
    accessSpec()
      .when({
        type: 'IssueInvite',
        affiliateId: 'ann',
        inviteId: 'i1',
        tokenHash: 'h1',
        now: '2026-01-01T00:00:00.000Z',
      })
      .then([issued('i1', 'h1')]);
  });

  it('an invite sets the password once, recording only the hash', () => {
    accessSpec([issued('i1', 'h1')])
      .when(accept('h1'))
      .then([
        {
          type: 'AffiliatePasswordSet',
          data: {
            affiliateId: 'ann',
            inviteId: 'i1',
            passwordHash: '$argon2id$x',
            occurredAt: '2026-01-03T00:00:00.000Z',
          },
        },
      ]);
  });

  it('a used invite is refused the second time', () => {
    const [set] = accessSpec([issued('i1', 'h1')])
      .when(accept('h1'))
      .events();
    accessSpec([issued('i1', 'h1'), set!])
      .when(accept('h1'))
      .thenThrows('invite_used', 'refused');
  });

  it('an invite past its seven days is refused', () => {
    accessSpec([issued('i1', 'h1')])
      .when(accept('h1', '2026-01-08T00:00:00.000Z'))
      .thenThrows('invite_expired');
  });

  it('a new invite retires the previous one', () => {
    accessSpec([issued('i1', 'h1'), issued('i2', 'h2', '2026-01-02T00:00:00.000Z')])
      .when(accept('h1'))
      .thenThrows('invite_invalid', 'not_found');
  });

  it('an unknown token is refused without saying whether it ever existed', () => {
    accessSpec().when(accept('nope')).thenThrows('invite_invalid', 'not_found');
  });
});
