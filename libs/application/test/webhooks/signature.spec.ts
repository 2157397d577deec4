import { signatureHeader, verifySignature } from '../../src/webhooks/signature';

describe('the webhook signature', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'commission.earned',
    createdAt: '2026-01-10T12:00:00.000Z',
    data: { amountCents: 1500 },
  });
  const t = 1_767_000_000;

  it('a receiver holding the secret verifies what we signed', () => {
    const header = signatureHeader(secret, body, t);
    expect(header).toMatch(/^t=1767000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, t + 10)).toBe(true);
  });

  it('a changed body, another secret or a replay after the tolerance does not verify', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(secret, body.replace('1500', '15000'), header, t)).toBe(false);
    expect(verifySignature('whsec_other', body, header, t)).toBe(false);
    expect(verifySignature(secret, body, header, t + 301)).toBe(false);
    expect(verifySignature(secret, body, 'v1=abc', t)).toBe(false);
  });

  it('is HMAC-SHA256 over "{t}.{raw body}", as the contract says', () => {
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });
});
