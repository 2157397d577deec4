import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Endpoint secrets are kept encrypted (AES-256-GCM) in the log: we must sign with them, so a hash would
 * not do, and the log is copied to backups and replicas the key never goes to. The key is WEBHOOK_KEY,
 * else a random one generated once in the data folder.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    // A random key or passphrase of any length becomes the 32 bytes AES-256 needs.
    this.key = createHash('sha256').update(keyMaterial, 'utf8').digest();
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** Throws when the key is not the one that sealed it (the auth tag does not match). */
  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined)
      throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

/**
 * WEBHOOK_KEY, else `{dataDir}/webhook-key`, created on first use. The api and the worker may start at
 * the same moment: the file is written aside and linked into place, so exactly one key wins and both read it.
 */
export const webhookSecretBox = (config: { webhookKey?: string; dataDir: string }): SecretBox => {
  if (config.webhookKey) return new SecretBox(config.webhookKey);
  const path = join(config.dataDir, 'webhook-key');
  try {
    return new SecretBox(readFileSync(path, 'utf8').trim());
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(aside, { force: true });
    }
    return new SecretBox(readFileSync(path, 'utf8').trim());
  }
};
