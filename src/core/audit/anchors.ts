import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditAnchor, AuditAnchorLog } from '../ports/audit-anchors.js';
import type { Clock } from '../ports/clock.js';
import type { AuditRepo } from '../ports/store.js';
import type { ChainProblem } from './verify.js';

export const anchorMac = (key: Buffer, a: Omit<AuditAnchor, 'mac'>) =>
  createHmac('sha256', key).update(`vigie-anchor:${a.seq}:${a.hash}:${a.at}`).digest('hex');

const macOk = (key: Buffer, a: AuditAnchor) => {
  const want = Buffer.from(anchorMac(key, a), 'hex');
  const got = Buffer.from(a.mac, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
};

/**
 * Every anchored head must still stand in the journal, unchanged: a journal re-forged with the key (entries
 * edited, removed, renumbered, the chain recomputed) verifies on its own, but no longer contains the heads
 * written outside it before the forgery.
 */
export async function checkAnchors(audit: AuditRepo, key: Buffer, log: AuditAnchorLog): Promise<ChainProblem[]> {
  const problems: ChainProblem[] = [];
  const seen = new Map<number, string>();
  const anchors = await log.list();
  for (const [i, a] of anchors.entries()) {
    if (!a || !macOk(key, a)) {
      problems.push({
        seq: a?.seq ?? 0,
        kind: 'anchor',
        message: `line ${i + 1} of ${log.location} is not an anchor written with this centre's key`,
      });
      continue;
    }
    if (seen.get(a.seq) === a.hash) continue;
    seen.set(a.seq, a.hash);
    const [entry] = await audit.page(a.seq - 1, 1);
    if (entry?.seq !== a.seq)
      problems.push({
        seq: a.seq,
        kind: 'anchor',
        message: `entry ${a.seq}, anchored at ${a.at}, is missing: the journal lost entries since`,
      });
    else if (entry.hash !== a.hash)
      problems.push({
        seq: a.seq,
        kind: 'anchor',
        message: `entry ${a.seq} differs from its anchor written at ${a.at}: the journal was rewritten since`,
      });
  }
  return problems;
}

/** Writes the journal head to the anchor log when it moved, periodically and when asked (at shutdown). */
export class AuditAnchoring {
  private last?: { seq: number; hash: string };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditRepo,
    private readonly key: Buffer,
    readonly log: AuditAnchorLog,
    private readonly clock: Clock,
  ) {}

  async anchorNow(): Promise<AuditAnchor | undefined> {
    const head = await this.audit.last();
    if (!head || (this.last?.seq === head.seq && this.last.hash === head.hash)) return undefined;
    const base = { seq: head.seq, hash: head.hash, at: new Date(this.clock.now()).toISOString() };
    const anchor = { ...base, mac: anchorMac(this.key, base) };
    await this.log.append(anchor);
    this.last = { seq: head.seq, hash: head.hash };
    return anchor;
  }

  start(intervalMs: number, onError: (err: unknown) => void) {
    this.timer ??= setInterval(() => void this.anchorNow().catch(onError), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and anchors the final head (unless told not to). */
  async stop(anchor = true) {
    clearInterval(this.timer);
    this.timer = undefined;
    if (anchor) await this.anchorNow();
  }
}
