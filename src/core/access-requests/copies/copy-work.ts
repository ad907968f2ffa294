// The heavy and shared parts of access copies: the follow pass (made once per window and plan, one at a time, in
// one of the exports' slots) and the request's lists (picks, copies), changed one change at a time.
import { createHash } from 'node:crypto';
import { privacyMasksOf } from '../../analytics/privacy-masks.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { ClipPlan } from '../../recordings/clip-plan.js';
import type { ClipSlots } from '../../recordings/clip-slots.js';
import type { Principal } from '../../users/principal.js';
import type { AccessRequest } from '../schemas.js';
import type { AccessCopyEngine, AccessCopyFiles } from './copy-ports.js';
import type { FollowRecord } from './follow.js';

const followName = (cameraId: string) => `follow-${createHash('sha256').update(cameraId).digest('hex').slice(0, 16)}`;
const planKey = (plan: ClipPlan) => createHash('sha256').update(JSON.stringify(plan.parts)).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export class CopyWork {
  constructor(
    private readonly o: {
      store: Store;
      clock: Clock;
      engine: AccessCopyEngine;
      files: AccessCopyFiles;
      slots?: ClipSlots;
      /** Journals a refusal (429 past the slots) and throws it. */
      refused: (p: Principal, target: string, e: unknown) => Promise<never>;
    },
  ) {}

  /** Runs heavy work (a follow pass, a copy) in one of the exports' slots: 429 past the limits, journaled. */
  async slot<T>(p: Principal, id: string, work: () => Promise<T>): Promise<T> {
    let release: () => void;
    try {
      release = this.o.slots?.acquire(p.userId) ?? (() => {});
    } catch (e) {
      return this.o.refused(p, id, e);
    }
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Lists (picks, copies) read, changed and written one change at a time per request: two clicks lose none. */
  private readonly writing = new Map<string, Promise<unknown>>();
  update<T>(id: string, name: string, change: (cur: T | undefined) => T): Promise<void> {
    const key = `${id}/${name}`;
    const next = (this.writing.get(key) ?? Promise.resolve())
      .catch(() => {})
      .then(async () => this.o.files.writeJson(id, name, change(await this.o.files.readJson<T>(id, name))));
    this.writing.set(key, next);
    void next.finally(() => this.writing.get(key) === next && this.writing.delete(key)).catch(() => {});
    return next;
  }

  /** The follow record of the window: made once per plan (same files, same cuts), then read back. */
  async follow(p: Principal, r: AccessRequest, cameraId: string, plan: ClipPlan): Promise<FollowRecord> {
    const name = followName(cameraId);
    const key = planKey(plan);
    const had = await this.o.files.readJson<FollowRecord>(r.id, name);
    if (had?.planKey === key) return had;
    // One pass per window at a time: a second look while it runs waits for it.
    const inFlight = `${r.id}/${name}/${key}`;
    const running = this.following.get(inFlight);
    if (running) return running;
    const pass = this.followPass(p, r, cameraId, plan, name, key);
    this.following.set(inFlight, pass);
    try {
      return await pass;
    } finally {
      this.following.delete(inFlight);
    }
  }

  private readonly following = new Map<string, Promise<FollowRecord>>();

  private async followPass(
    p: Principal,
    r: AccessRequest,
    cameraId: string,
    plan: ClipPlan,
    name: string,
    key: string,
  ) {
    const masks = await privacyMasksOf(this.o.store, cameraId);
    const run = await this.slot(p, r.id, () => this.o.engine.follow(plan.parts, { masks }));
    const rec: FollowRecord = {
      cameraId,
      planKey: key,
      covered: plan.covered,
      ...run,
      madeAt: iso(this.o.clock.now()),
    };
    await this.o.files.writeJson(r.id, name, rec);
    return rec;
  }
}
