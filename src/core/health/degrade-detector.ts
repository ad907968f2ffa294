// When a recording stream counts as degraded (issue 24): online but below the configured frame rate or bitrate for
// a sustained while. The frame rate is measured between two samples from the frame count, not ffmpeg's own figure
// (an average since the run started, which would hide a camera that slowed after an hour).
import { randomUUID } from 'node:crypto';
import type { DegradedChange } from './health-history.js';

export interface DegradeFloor {
  /** Frames per second under which a stream is degraded (0: not checked). */
  minFps: number;
  /** kbit/s under which a stream is degraded (0: not checked). */
  minBitrateKbps: number;
  /** How long a stream must stay under a floor before it is marked degraded. */
  afterMs: number;
}

export interface StreamSample {
  cameraId: string;
  online: boolean;
  /** Frames received by the current run. */
  frames: number;
  bitrateKbps: number;
}

export interface DegradeStep {
  started: DegradedChange[];
  ended: DegradedChange[];
}

interface CamState {
  last?: { frames: number; atMs: number };
  belowSince?: number;
  open?: { id: string; detail: string };
}

export class DegradeDetector {
  private readonly cams = new Map<string, CamState>();

  constructor(
    private readonly floor: DegradeFloor,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** One sample of every recorded stream at `nowMs`; a camera absent from it (no longer recorded) ends its degradation. */
  step(samples: StreamSample[], nowMs: number): DegradeStep {
    const out: DegradeStep = { started: [], ended: [] };
    const seen = new Set<string>();
    for (const s of samples) {
      seen.add(s.cameraId);
      const c = this.cams.get(s.cameraId) ?? this.cams.set(s.cameraId, {}).get(s.cameraId)!;
      const low = this.low(c, s, nowMs);
      if (low === undefined) continue; // no measure yet (first sample of a run): keep the state as it is
      if (low) {
        c.belowSince ??= nowMs;
        if (!c.open && nowMs - c.belowSince >= this.floor.afterMs) {
          c.open = { id: this.newId(), detail: low };
          out.started.push({ id: c.open.id, cameraId: s.cameraId, detail: low, atMs: c.belowSince });
        }
      } else {
        c.belowSince = undefined;
        this.end(s.cameraId, c, nowMs, out);
      }
    }
    for (const [id, c] of this.cams)
      if (!seen.has(id)) {
        this.end(id, c, nowMs, out);
        this.cams.delete(id);
      }
    return out;
  }

  /** 'fps' or 'bitrate' when under a floor, '' when not, undefined when it cannot be told yet. */
  private low(c: CamState, s: StreamSample, nowMs: number): string | '' | undefined {
    const prev = c.last;
    c.last = { frames: s.frames, atMs: nowMs };
    // Offline is the history's offline interval, not a degradation.
    if (!s.online) return '';
    if (!prev || s.frames < prev.frames || nowMs <= prev.atMs) return undefined;
    const fps = ((s.frames - prev.frames) * 1000) / (nowMs - prev.atMs);
    if (this.floor.minFps > 0 && fps < this.floor.minFps) return 'fps';
    if (this.floor.minBitrateKbps > 0 && s.bitrateKbps > 0 && s.bitrateKbps < this.floor.minBitrateKbps)
      return 'bitrate';
    return '';
  }

  private end(cameraId: string, c: CamState, nowMs: number, out: DegradeStep) {
    if (!c.open) return;
    out.ended.push({ id: c.open.id, cameraId, detail: c.open.detail, atMs: nowMs });
    c.open = undefined;
  }
}
