// An access request's copy files on local disk: `<dir>/<requestId>/<name>.json` and `<dir>/<requestId>/<copyId>.mp4`,
// folders 0700 and files 0600 (footage and who-was-where are personal data).
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AccessCopyFiles } from '../../core/access-requests/copies/copy-ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Names the service makes: letters, digits and dashes only, so none can leave the request's folder. */
const NAME = /^[a-z][a-z0-9-]{0,80}$/;

export class LocalAccessCopyFiles implements AccessCopyFiles {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private folder(requestId: string): string {
    if (!UUID.test(requestId)) throw new Error(`not a request id: ${requestId}`);
    return join(this.dir, requestId);
  }

  private json(requestId: string, name: string): string {
    if (!NAME.test(name)) throw new Error(`not a copy file name: ${name}`);
    return join(this.folder(requestId), `${name}.json`);
  }

  async readJson<T>(requestId: string, name: string): Promise<T | undefined> {
    const text = await readFile(this.json(requestId, name), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** Written aside then renamed: a reader never sees half a file. */
  async writeJson(requestId: string, name: string, value: unknown): Promise<void> {
    const dst = this.json(requestId, name);
    await mkdir(this.folder(requestId), { recursive: true, mode: 0o700 });
    const tmp = `${dst}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
    await rename(tmp, dst);
  }

  async mp4Path(requestId: string, copyId: string): Promise<string> {
    if (!UUID.test(copyId)) throw new Error(`not a copy id: ${copyId}`);
    await mkdir(this.folder(requestId), { recursive: true, mode: 0o700 });
    return join(this.folder(requestId), `${copyId}.mp4`);
  }

  async open(requestId: string, copyId: string) {
    if (!UUID.test(copyId) || !UUID.test(requestId)) return undefined;
    const path = join(this.folder(requestId), `${copyId}.mp4`);
    const s = await stat(path).catch(() => undefined);
    return s ? { stream: createReadStream(path), bytes: s.size } : undefined;
  }
}
