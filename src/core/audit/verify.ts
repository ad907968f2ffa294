import type { AuditRecord, AuditRepo } from '../ports/store.js';
import { entryHash, GENESIS_HASH } from './journal.js';

export interface ChainProblem {
  seq: number;
  kind: 'edited' | 'removed' | 'reordered' | 'broken-link' | 'anchor';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  lastSeq: number;
  lastHash: string;
  problems: ChainProblem[];
}

/** A renumbered row still hashes correctly under its original number: look for it nearby. */
function originalSeq(key: Buffer, e: Omit<AuditRecord, 'hash'>, hash: string, window = 256): number | undefined {
  for (let d = 1; d <= window; d++) {
    for (const s of [e.seq - d, e.seq + d]) if (s > 0 && entryHash(key, { ...e, seq: s }) === hash) return s;
  }
  return undefined;
}

/** Walks the whole chain in seq order and says where it breaks and how. */
export async function verifyJournal(audit: AuditRepo, key: Buffer, pageSize = 5000): Promise<VerifyResult> {
  const problems: ChainProblem[] = [];
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let prevMoved = false;
  for (;;) {
    const page = await audit.page(prevSeq, pageSize);
    if (page.length === 0) break;
    for (const e of page) {
      count++;
      const { hash, ...rest } = e;
      const selfOk = entryHash(key, rest) === hash;
      const linkOk = e.prevHash === prevHash;
      const movedFrom = selfOk ? undefined : originalSeq(key, rest, hash);
      if (movedFrom !== undefined) {
        problems.push({
          seq: e.seq,
          kind: 'reordered',
          message: `entry written as ${movedFrom} now stands at ${e.seq}: entries were reordered`,
        });
      } else if (!selfOk) {
        problems.push({ seq: e.seq, kind: 'edited', message: `entry ${e.seq} was modified after it was written` });
      } else if (e.seq !== prevSeq + 1 && linkOk) {
        problems.push({
          seq: e.seq,
          kind: 'reordered',
          message: `entry ${e.seq} was renumbered (expected ${prevSeq + 1})`,
        });
      } else if (e.seq !== prevSeq + 1) {
        const missing = e.seq - prevSeq - 1;
        problems.push({
          seq: e.seq,
          kind: 'removed',
          message: `${missing} entr${missing === 1 ? 'y' : 'ies'} removed before entry ${e.seq} (after ${prevSeq})`,
        });
      } else if (!linkOk && !prevMoved) {
        problems.push({
          seq: e.seq,
          kind: 'reordered',
          message: `entry ${e.seq} does not follow entry ${prevSeq}: entries were reordered or replaced`,
        });
      }
      prevMoved = movedFrom !== undefined; // the link after a moved entry is broken by that same move
      prevSeq = e.seq;
      prevHash = e.hash;
    }
  }
  return { ok: problems.length === 0, entries: count, lastSeq: prevSeq, lastHash: prevHash, problems };
}
