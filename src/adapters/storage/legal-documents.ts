import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LegalDocuments } from '../../core/ports/legal.js';

const SHA = /^[0-9a-f]{64}$/;

/** Authorisation documents as `<sha256>.pdf` files under the data dir (0600: some are not for publication). */
export class LegalDocumentFiles implements LegalDocuments {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(sha256: string) {
    if (!SHA.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, `${sha256}.pdf`);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    // Written aside then renamed: a crash never leaves a half document under its hash.
    const tmp = `${this.path(sha256)}.${process.pid}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, this.path(sha256));
  }

  async read(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}
