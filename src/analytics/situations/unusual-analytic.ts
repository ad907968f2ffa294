// Unusual situations as a scene analytic: learns the camera's usual motion for a while (or loads a model learned
// from its recordings with `vigie learn`), then raises `unusual` while the score stays above the model's threshold.
import { readFileSync } from 'node:fs';
import type { Box } from '../geometry/box.js';
import { UsualModel, type UsualScore } from '../unusual/model.js';
import type { UsualOptions } from '../unusual/options.js';
import type { UsualModelJson } from '../unusual/serialize.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export interface UnusualAnalyticOptions {
  /** A model file written by `vigie learn`; absent: learn online first. */
  modelFile?: string;
  learnMinutes: number;
  /** The cues a model learned online uses (a model file keeps its own). */
  cues?: 'both' | 'motion' | 'objects';
}

export class UnusualAnalytic implements SituationAnalytic {
  readonly kind = 'unusual' as const;
  private firstMs: number | undefined;
  private n = 0;
  private open: { id: string; startedAt: number; peak: number; score: UsualScore; seen: Set<string> } | undefined;
  /** The last frame's smoothed score over the threshold (1 = at it); undefined while learning. */
  lastRatio: number | undefined;

  private constructor(
    private readonly model: UsualModel,
    private readonly o: UnusualAnalyticOptions,
  ) {}

  static async create(o: UnusualAnalyticOptions): Promise<UnusualAnalytic> {
    const model = o.modelFile
      ? await UsualModel.fromJSON(JSON.parse(readFileSync(o.modelFile, 'utf8')) as UsualModelJson)
      : await UsualModel.create('camera', o.cues ? { cues: o.cues } : {});
    return new UnusualAnalytic(model, o);
  }

  /** The options of the model it learns or scores with (seam tests: the cues a spec asks for reach the model). */
  get modelOptions(): UsualOptions {
    return this.model.options;
  }

  get learning(): boolean {
    return !this.model.ready;
  }

  /** Learning from files ends when they do: finalizes the model (scoring starts) and returns it as JSON. */
  finishLearning(cameraId: string): UsualModelJson {
    if (!this.model.ready) this.model.finalize();
    return { ...this.model.toJSON(), cameraId };
  }

  update({ frame, tracks, tMs }: SituationInput): SituationEvent[] {
    if (!this.model.ready) {
      this.firstMs ??= tMs;
      this.model.learn(frame, tracks);
      if (tMs - this.firstMs >= this.o.learnMinutes * 60_000 && this.model.learnedFrames >= 20) this.model.finalize();
      return [];
    }
    const s = this.model.score(frame, tracks);
    this.lastRatio = s.score / this.model.threshold;
    if (s.alarmStarted) {
      this.open = { id: `unusual#${++this.n}`, startedAt: tMs, peak: this.lastRatio, score: s, seen: new Set() };
      return [this.event('start', s, tMs)];
    }
    if (!this.open) return [];
    this.open.peak = Math.max(this.open.peak, this.lastRatio);
    // What the tracker saw past its usual while the alarm lasted: the end event names it even when the start could not.
    for (const c of s.cells) if (c.trackId !== undefined) this.open.seen.add(c.reason);
    if (s.alarm) return [];
    const end = this.event('end', this.open.score, tMs);
    this.open = undefined;
    return [end];
  }

  flush(tMs: number): SituationEvent[] {
    if (!this.open) return [];
    const end = this.event('end', this.open.score, tMs);
    this.open = undefined;
    return [end];
  }

  close(): void {
    this.model.dispose();
  }

  private event(phase: 'start' | 'end', s: UsualScore, tMs: number): SituationEvent {
    const o = this.open!;
    const cells = s.cells.slice(0, 4);
    const box = cells.length > 0 ? unionBox(cells.map((c) => c.region)) : undefined;
    return {
      kind: 'unusual',
      situationId: o.id,
      phase,
      // 0..1: how far past the threshold (twice the threshold or more reads as 1).
      score: Math.min(1, Math.max(0, o.peak - 1)),
      ...(box && { box }),
      // No track ids: `unusual` is filed as a crowd-level signal (core/shared/law.ts), never a follow-up of one person.
      trackIds: [],
      startedAt: o.startedAt,
      ...(phase === 'end' && { endedAt: tMs }),
      details: {
        reasons: [...new Set([...cells.map((c) => c.reason), ...o.seen])].slice(0, 8),
        ratio: Math.round(o.peak * 100) / 100,
      },
    };
  }
}

function unionBox(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b[0]));
  const y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
  const y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}
