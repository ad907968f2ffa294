import type { EventService } from '../events/event-service.js';
import type { AuditRepo } from '../ports/store.js';
import { ALL_CAMERAS } from '../recordings/retention.js';
import { type AuditAnchoring, checkAnchors } from './anchors.js';
import { type ChainProblem, type VerifyResult, verifyJournal } from './verify.js';

export type JournalState =
  | { state: 'unverified' }
  | { state: 'ok'; checkedAt: string; entries: number }
  | { state: 'tampered'; checkedAt: string; problems: ChainProblem[] };

/** The journal checked as a whole (its chain and its external anchors), at start and on demand. */
export class JournalIntegrity {
  private current: JournalState = { state: 'unverified' };
  /** Why the start's anchor could not be written, if it could not. */
  anchorError?: string;

  constructor(
    private readonly audit: AuditRepo,
    private readonly key: Buffer,
    readonly anchoring: AuditAnchoring,
    private readonly events: EventService,
  ) {}

  async verify(): Promise<VerifyResult> {
    const r = await verifyJournal(this.audit, this.key);
    r.problems.push(...(await checkAnchors(this.audit, this.key, this.anchoring.log)));
    r.ok = r.problems.length === 0;
    return r;
  }

  /**
   * At start: a sound journal gets a fresh anchor; a tampered one is never anchored (that would bless it), it
   * raises a critical alarm for admins and auditors and stays reported by the health check until a restart on a
   * sound journal.
   */
  async checkAtStart(now: string): Promise<VerifyResult> {
    const r = await this.verify();
    if (r.ok) {
      this.current = { state: 'ok', checkedAt: now, entries: r.entries };
      // An anchor that cannot be written (folder not writable) is reported, but does not stop the centre.
      this.anchorError = await this.anchoring.anchorNow().then(
        () => undefined,
        (e: Error) => `could not write the anchor to ${this.anchoring.log.location}: ${e.message}`,
      );
      return r;
    }
    this.current = { state: 'tampered', checkedAt: now, problems: r.problems };
    await this.events.emit({
      cameraId: ALL_CAMERAS,
      kind: 'audit_integrity',
      details: {
        problems: r.problems.length,
        first: r.problems.slice(0, 10).map((p) => p.message),
        anchors: this.anchoring.log.location,
      },
    });
    return r;
  }

  /** Anchors the final head, only of a journal verified sound by this run (never bless an unchecked one). */
  async close() {
    if (this.current.state === 'ok') await this.anchoring.stop();
    else await this.anchoring.stop(false);
  }

  status(): JournalState {
    return this.current;
  }
}
