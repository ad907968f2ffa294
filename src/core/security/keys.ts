import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** One master key, separate derived keys per purpose, so that one leaked use never unlocks another. */
export class KeyRing {
  constructor(private readonly master: Buffer) {
    if (master.length !== 32) throw new Error('the master key must be 32 bytes (base64 of 32 random bytes)');
  }

  static generate(): KeyRing {
    return new KeyRing(randomBytes(32));
  }

  static fromBase64(b64: string): KeyRing {
    return new KeyRing(Buffer.from(b64.trim(), 'base64'));
  }

  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `vigie:${purpose}:v1`, 32));
  }

  toBase64(): string {
    return this.master.toString('base64');
  }
}

/** AES-256-GCM with the record's id as associated data: a blob copied onto another record fails to open. */
export class SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
