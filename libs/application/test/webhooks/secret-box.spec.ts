import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox, webhookSecretBox } from '../../src/webhooks/secret-box';

describe('sealed endpoint secrets', () => {
  it('the key that sealed a secret opens it; another key cannot', () => {
    const sealed = new SecretBox('key-one').seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(new SecretBox('key-one').open(sealed)).toBe('whsec_abc');
    expect(() => new SecretBox('key-two').open(sealed)).toThrow();
  });

  it('without WEBHOOK_KEY, one key is generated in the data folder and reused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tt-webhook-key-'));
    try {
      const sealed = webhookSecretBox({ dataDir }).seal('whsec_abc');
      expect(webhookSecretBox({ dataDir }).open(sealed)).toBe('whsec_abc');
      expect(
        readFileSync(join(dataDir, 'webhook-key'), 'utf8').trim().length,
      ).toBeGreaterThanOrEqual(40);
      expect(() => webhookSecretBox({ dataDir, webhookKey: 'configured' }).open(sealed)).toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
