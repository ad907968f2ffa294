import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditAnchor, AuditAnchorLog } from '../../core/ports/audit-anchors.js';

const parse = (line: string): AuditAnchor | undefined => {
  try {
    const a = JSON.parse(line);
    const ok =
      Number.isInteger(a?.seq) && typeof a.hash === 'string' && typeof a.at === 'string' && typeof a.mac === 'string';
    return ok ? { seq: a.seq, hash: a.hash, at: a.at, mac: a.mac } : undefined;
  } catch {
    return undefined;
  }
};

/** One JSON line per anchor, only ever appended (O_APPEND), created 0600 in a 0700 folder. */
export class AnchorFile implements AuditAnchorLog {
  constructor(readonly location: string) {}

  async append(a: AuditAnchor) {
    await mkdir(dirname(this.location), { recursive: true, mode: 0o700 });
    await appendFile(this.location, `${JSON.stringify(a)}\n`, { mode: 0o600, flag: 'a' });
  }

  async list() {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(parse);
  }
}
