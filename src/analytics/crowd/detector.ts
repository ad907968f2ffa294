// Crowd movement detection: dense optical flow per frame, compared with what this camera usually shows, raises
// `crowd_movement` situations (surge, dispersal, convergence, counter-flow) that persist about a second.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import { loadOpenCv, type OpenCv } from '../motion/opencv.js';
import { analyseField, cellsBox, type FieldStats } from './field-analysis.js';
import { FlowEstimator, type FlowField } from './flow.js';
import { UsualMotion } from './model.js';
import { type CrowdMovementOptions, type CrowdMovementOptionsInput, CrowdMovementOptionsSchema } from './options.js';
import { blockDirs, blocks, counterFlowPattern, radialPattern, surgePattern } from './patterns.js';
import { Trigger } from './trigger.js';
import { CROWD_SUB_KINDS, type CrowdMovementEvent, type CrowdSubKind } from './types.js';

/** A radial score must also stand this many robust deviations away from the camera's usual one. */
const RADIAL_Z = 4;
/** Radial patterns (frames with one) to see before their usual score replaces "none". */
const MIN_RADIAL_SAMPLES = 30;

interface Reading {
  on: boolean;
  score: number;
  box: Box;
  details: Record<string, number>;
}

export class CrowdMovementDetector {
  readonly options: CrowdMovementOptions;
  private readonly flow: FlowEstimator | undefined;
  private readonly usual: UsualMotion;
  private readonly regions: number[][];
  private readonly triggers: Record<CrowdSubKind, Trigger>;
  private lastMs: number | undefined;
  private count = 0;
  private readonly openIds: Partial<Record<CrowdSubKind, number>> = {};

  /** Loads OpenCV (once per thread) and builds a detector. */
  static async create(opts: CrowdMovementOptionsInput = {}): Promise<CrowdMovementDetector> {
    const { cv } = await loadOpenCv();
    return new CrowdMovementDetector(opts, cv);
  }

  /** `cv` may be omitted when only updateField() is used (flow fields computed elsewhere, or synthetic). */
  constructor(opts: CrowdMovementOptionsInput = {}, cv?: OpenCv) {
    const o = CrowdMovementOptionsSchema.parse(opts);
    this.options = o;
    this.flow = cv ? new FlowEstimator(cv, o) : undefined;
    this.regions = blocks(o.gridCols, o.gridRows);
    this.usual = new UsualMotion(o.gridCols * o.gridRows, this.regions.length, o.baselineMinutes * 60_000);
    const trig = () => new Trigger(o);
    this.triggers = { surge: trig(), dispersal: trig(), convergence: trig(), counter_flow: trig() };
  }

  /** Seconds of moving footage learned (nothing is raised before warmupSeconds). */
  get learnedSeconds(): number {
    return this.usual.learnedMs / 1000;
  }

  update(frame: Frame): CrowdMovementEvent[] {
    if (!this.flow) throw new Error('CrowdMovementDetector: update() needs OpenCV (use create() or pass cv)');
    const field = this.flow.push(frame);
    if (!field) {
      this.lastMs = frame.ptsMs;
      return [];
    }
    return this.updateField(field, frame.ptsMs, frame.cameraId, this.flow.scale, [frame.width, frame.height]);
  }

  /** One flow field ending at `tMs`; `scale`: frame pixels per analysis pixel, for the regions. */
  updateField(f: FlowField, tMs: number, cameraId = '', scale = 1, frameSize?: [number, number]): CrowdMovementEvent[] {
    const o = this.options;
    const dtMs = this.lastMs === undefined ? f.dtMs : Math.max(0, tMs - this.lastMs);
    this.lastMs = tMs;
    const params = { cols: o.gridCols, rows: o.gridRows, minFlowPx: o.minFlowPx, minDiff: o.minDiff };
    const s = analyseField(f, { ...params, fastLog: Math.log(o.surgeRatio) }, this.usual.usualLogs());
    const moving = s.moving >= o.minMovingShare * f.width * f.height;
    const live = moving && this.usual.learnedMs >= o.warmupSeconds * 1000;
    const radial = radialPattern(s, {
      cellMinPixels: o.cellMinPixels,
      minSupport: o.radialMinSupport,
      minArea: o.radialMinArea,
    });
    const readings = this.read(s, radial, live);
    const toFrame = (b: Box): Box => clip(b.map((v) => Math.round(v * scale)) as Box, frameSize);
    const events: CrowdMovementEvent[] = [];
    for (const kind of CROWD_SUB_KINDS) {
      const r = readings[kind];
      const t = this.triggers[kind];
      const phase = t.step(tMs, r.on, r.score, toFrame(r.box));
      if (phase) events.push(this.event(kind, phase, t, tMs, cameraId, r.details));
    }
    const held = CROWD_SUB_KINDS.some((k) => this.triggers[k].holdsLearning);
    if (moving && !held)
      this.usual.learn(
        s,
        radial.support > 0 ? radial.score : undefined,
        this.regions.map((b) => blockDirs(s, b)),
        dtMs,
      );
    return events;
  }

  private read(s: FieldStats, radial: ReturnType<typeof radialPattern>, live: boolean): Record<CrowdSubKind, Reading> {
    const o = this.options;
    const surge = surgePattern(s, o.cellMinPixels);
    // Until radial patterns have been seen often enough, the usual one is none at all (score 0, no spread).
    const seen = this.usual.radial.total >= MIN_RADIAL_SAMPLES;
    const m = seen ? this.usual.radial.quantile(0.5) : 0;
    const spread = seen ? RADIAL_Z * 1.4826 * this.usual.radial.mad(m) : 0;
    const radialOk = live && radial.support >= o.radialMinSupport;
    const counter = counterFlowPattern(s, this.regions, this.usual.blockDirs, {
      cellMinPixels: o.cellMinPixels,
      minShare: o.counterMinShare,
      minArea: o.counterMinArea,
      unusualShare: o.counterUnusualShare,
      streamShare: o.counterStreamShare,
      // About a minute of one person's motion crossing the block.
      minLearned: 100 * o.cellMinPixels,
    });
    const box = (cells: number[]) => cellsBox(s, cells);
    const rd = { radial: radial.score, usualRadial: m, support: radial.support };
    return {
      surge: {
        on: live && surge.score >= o.surgeShare && surge.cells.length >= o.surgeMinCells,
        score: surge.score,
        box: box(surge.cells),
        details: { fastShare: surge.score, fastCells: surge.cells.length, movingPixels: s.moving },
      },
      dispersal: {
        on: radialOk && radial.score >= o.radialMin && radial.score > m + spread,
        score: radial.score,
        box: box(radial.cells),
        details: rd,
      },
      convergence: {
        on: radialOk && -radial.score >= o.radialMin && radial.score < m - spread,
        score: -radial.score,
        box: box(radial.cells),
        details: rd,
      },
      counter_flow: { on: live && counter.score > 0, score: counter.score, box: box(counter.cells), details: {} },
    };
  }

  private event(
    subKind: CrowdSubKind,
    phase: 'start' | 'end',
    t: Trigger,
    tMs: number,
    cameraId: string,
    details: Record<string, number>,
  ): CrowdMovementEvent {
    if (phase === 'start') this.count++;
    const e: CrowdMovementEvent = {
      kind: 'crowd_movement',
      subKind,
      phase,
      cameraId,
      situationId: `${cameraId}:crowd#${phase === 'start' ? this.count : this.openIds[subKind]}`,
      score: Math.min(1, Math.max(0, t.maxScore)),
      region: [...t.region],
      startedAt: t.onsetMs,
      atMs: tMs,
      details,
    };
    if (phase === 'start') this.openIds[subKind] = this.count;
    else e.endedAt = t.lastOnMs;
    return e;
  }

  dispose(): void {
    this.flow?.dispose();
  }
}

function clip(b: Box, size?: [number, number]): Box {
  if (!size) return b;
  const x = Math.max(0, Math.min(size[0], b[0]));
  const y = Math.max(0, Math.min(size[1], b[1]));
  return [x, y, Math.min(size[0] - x, b[2]), Math.min(size[1] - y, b[3])];
}
