// Scores the motion gate against ground truth: does every moving person reach the detector, and at what cost?
import { readFileSync } from 'node:fs';
import type { Box } from '../../../src/analytics/geometry/box.js';
import { boxIntersection } from '../../../src/analytics/geometry/box.js';
import { MotionDetector, type MotionOptions } from '../../../src/analytics/motion/motion-detector.js';
import {
  type GateDecision,
  type GateOptions,
  gatedPixels,
  MotionGate,
} from '../../../src/analytics/motion/motion-gate.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';

export interface GtPerson {
  id: number;
  box: Box;
  /** Centre speed over about one second, in box heights per second. */
  speed: number;
}

/** MOT rows (frame,id,left,top,w,h,conf,...) by 1-based frame; rows flagged 0 are ignored; speeds from ±0.5 s. */
export function readMotGt(file: string, fps: number): Map<number, GtPerson[]> {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split(',').map(Number))
    .filter((f) => f.length >= 7 && f[6] !== 0);
  const byId = new Map<number, Map<number, Box>>();
  for (const f of rows) {
    const m = byId.get(f[1]!) ?? new Map<number, Box>();
    m.set(f[0]!, [f[2]!, f[3]!, f[4]!, f[5]!]);
    byId.set(f[1]!, m);
  }
  const k = Math.max(1, Math.round(fps / 2));
  const out = new Map<number, GtPerson[]>();
  for (const [id, track] of byId) {
    for (const [frame, box] of track) {
      const a = track.get(frame - k) ?? box;
      const b = track.get(frame + k) ?? box;
      const span = ((track.has(frame + k) ? k : 0) + (track.has(frame - k) ? k : 0)) / fps;
      const d = Math.hypot(b[0] + b[2] / 2 - (a[0] + a[2] / 2), b[1] + b[3] / 2 - (a[1] + a[3] / 2));
      const speed = span > 0 ? d / span / Math.max(1, box[3]) : 0;
      const list = out.get(frame) ?? [];
      list.push({ id, box, speed });
      out.set(frame, list);
    }
  }
  return out;
}

/** Share of a box's area inside the one crop that holds most of it (the detector sees each crop on its own). */
export function coverage(box: Box, d: GateDecision): number {
  if (d.kind === 'none') return 0;
  if (d.kind === 'full') return 1;
  const a = box[2] * box[3];
  return a > 0 ? Math.max(0, ...d.regions.map((r) => boxIntersection(box, r))) / a : 0;
}

const scaled = (b: Box, s: number): Box => [b[0] * s, b[1] * s, b[2] * s, b[3] * s];

export interface GateReport {
  frames: number;
  /** Frames that reach the detector, and the share of all frame pixels sent (crops or full frames). */
  frameShare: number;
  pixelShare: number;
  /** Frames sent in full (first, refresh or too much motion). */
  fullFrames: number;
  movingFrames: number;
  /** Frames with a moving person that reach the detector. */
  frameRecall: number;
  movingBoxes: number;
  /** Moving people whose box is at least half (and 90%) inside what the detector gets. */
  boxRecall50: number;
  boxRecall90: number;
  /** Every person, standing ones included (they reach the detector through refreshes and held crops only). */
  allBoxes: number;
  allBoxRecall50: number;
  motionMsPerFrame: number;
}

export interface GateEvalOptions {
  motion?: MotionOptions;
  gate?: GateOptions;
  /** Frame width decoded for the gate (the sub stream size). */
  width?: number;
  /** Moving: centre speed above this many box heights per second. Default 0.2. */
  minSpeed?: number;
}

/** Runs decode ► motion ► gate over a whole file, losslessly, and scores it against `gt` when given. */
export async function evaluateGate(
  file: string,
  gt: { people: Map<number, GtPerson[]>; frameWidth: number } | undefined,
  o: GateEvalOptions = {},
): Promise<GateReport> {
  const source = new FrameSource({ cameraId: 'eval', input: file, format: 'gray', width: o.width ?? 640 });
  const motion = await MotionDetector.create(o.motion);
  const gate = new MotionGate(o.gate);
  const r = {
    frames: 0,
    sent: 0,
    pixels: 0,
    full: 0,
    moving: 0,
    movingSent: 0,
    boxes: 0,
    b50: 0,
    b90: 0,
    all: 0,
    all50: 0,
    ms: 0,
  };
  for await (const frame of source.frames()) {
    const t0 = performance.now();
    const m = motion.detect(frame);
    const d = gate.decide(m, frame.ptsMs);
    r.ms += performance.now() - t0;
    r.frames++;
    if (d.kind !== 'none') r.sent++;
    if (d.kind === 'full') r.full++;
    r.pixels += gatedPixels(d, frame.width, frame.height) / (frame.width * frame.height);
    // Ground-truth frame N (1-based) is the N-th decoded frame: seq + 1, as nothing is resampled or dropped.
    const people = gt?.people.get(frame.seq + 1) ?? [];
    const sx = gt ? frame.width / gt.frameWidth : 1;
    for (const p of people) {
      r.all++;
      if (coverage(scaled(p.box, sx), d) >= 0.5) r.all50++;
    }
    const moving = people.filter((p) => p.speed >= (o.minSpeed ?? 0.2));
    if (moving.length === 0) continue;
    r.moving++;
    if (d.kind !== 'none') r.movingSent++;
    for (const p of moving) {
      const c = coverage(scaled(p.box, sx), d);
      r.boxes++;
      if (c >= 0.5) r.b50++;
      if (c >= 0.9) r.b90++;
    }
  }
  motion.close();
  const div = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    frames: r.frames,
    frameShare: div(r.sent, r.frames),
    pixelShare: div(r.pixels, r.frames),
    fullFrames: r.full,
    movingFrames: r.moving,
    frameRecall: div(r.movingSent, r.moving),
    movingBoxes: r.boxes,
    boxRecall50: div(r.b50, r.boxes),
    boxRecall90: div(r.b90, r.boxes),
    allBoxes: r.all,
    allBoxRecall50: div(r.all50, r.all),
    motionMsPerFrame: div(r.ms, r.frames),
  };
}
