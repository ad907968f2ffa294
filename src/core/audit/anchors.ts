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
export async function checkAnchors(
  audit: AuditRepo,
  key: Buffer,
  log: AuditAnchorLog,
  pageSize = 5000,
): Promise<ChainProblem[]> {
  const problems: ChainProblem[] = [];
  // seq -> the anchors naming it (a head anchored at every start while nothing moved appears many times).
  const wanted = new Map<number, AuditAnchor[]>();
  for (const [i, a] of (await log.list()).entries()) {
    if (!a || !macOk(key, a)) {
      problems.push({
        seq: a?.seq ?? 0,
        kind: 'anchor',
        message: `line ${i + 1} of ${log.location} is not an anchor written with this centre's key`,
      });
      continue;
    }
    wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a]);
  }
  if (wanted.size === 0) return problems;
  // One pass over the anchored span, page by page: a year of anchors costs a scan, not a query each.
  const seqs = [...wanted.keys()].sort((x, y) => x - y);
  const found = new Map<number, string>();
  for (let after = seqs[0]! - 1; after < seqs.at(-1)!; ) {
    const page = await audit.page(after, pageSize);
    if (page.length === 0) break;
    for (const e of page) if (wanted.has(e.seq)) found.set(e.seq, e.hash);
    after = page.at(-1)!.seq;
  }
  for (const seq of seqs) {
    const hash = found.get(seq);
    for (const a of wanted.get(seq)!) {
      if (hash === a.hash) continue;
      problems.push({
        seq,
        kind: 'anchor',
        message:
          hash === undefined
            ? `entry ${seq}, anchored at ${a.at}, is missing: the journal lost entries since`
            : `entry ${seq} differs from its anchor written at ${a.at}: the journal was rewritten since`,
      });
      break;
    }
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
