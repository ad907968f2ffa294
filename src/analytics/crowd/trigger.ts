// Time logic of one situation kind: a change must hold on most frames for persistMs to start a situation, and be
// absent for quietMs to end it; one lasting past maxEventMs is taken as the new usual.
import type { Box } from '../geometry/box.js';

export interface TriggerTimes {
  persistMs: number;
  quietMs: number;
  maxEventMs: number;
}

/** Share of a candidate's frames that must show the change (a frame or two of noisy flow may not). */
const MIN_TRUE_SHARE = 0.7;

export class Trigger {
  state: 'idle' | 'candidate' | 'active' | 'expired' = 'idle';
  onsetMs = 0;
  lastOnMs = 0;
  maxScore = 0;
  region: Box = [0, 0, 0, 0];
  private frames = 0;
  private ons = 0;

  constructor(private readonly t: TriggerTimes) {}

  /** Whether the change is under way: the usual-motion model must not learn from it. */
  get holdsLearning(): boolean {
    return this.state === 'candidate' || this.state === 'active';
  }

  step(tMs: number, on: boolean, score: number, region: Box): 'start' | 'end' | undefined {
    if (on) {
      this.region = this.state === 'idle' || this.state === 'expired' ? region : union(this.region, region);
      this.maxScore = this.state === 'idle' ? score : Math.max(this.maxScore, score);
    }
    switch (this.state) {
      case 'idle':
        if (on) Object.assign(this, { state: 'candidate', onsetMs: tMs, lastOnMs: tMs, frames: 1, ons: 1 });
        return undefined;
      case 'candidate':
        this.frames++;
        if (on) [this.ons, this.lastOnMs] = [this.ons + 1, tMs];
        // A gap of half the persistence breaks the candidate: the change did not hold.
        if (tMs - this.lastOnMs > this.t.persistMs / 2) this.state = 'idle';
        else if (tMs - this.onsetMs >= this.t.persistMs && this.ons >= MIN_TRUE_SHARE * this.frames) {
          this.state = 'active';
          return 'start';
        }
        return undefined;
      case 'active':
        if (on) this.lastOnMs = tMs;
        if (tMs - this.lastOnMs >= this.t.quietMs || tMs - this.onsetMs >= this.t.maxEventMs) {
          this.state = tMs - this.lastOnMs >= this.t.quietMs ? 'idle' : 'expired';
          return 'end';
        }
        return undefined;
      case 'expired':
        if (on) this.lastOnMs = tMs;
        if (tMs - this.lastOnMs >= this.t.quietMs) this.state = 'idle';
        return undefined;
    }
  }
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
}
