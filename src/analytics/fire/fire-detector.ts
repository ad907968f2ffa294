// Per-camera fire-start detector on rgb24 frames (5-10 fps): blocks holding flame-coloured pixels most of the
// time whose flame pixels change from frame to frame (flicker, judged on the colour as it is, so a fire burning
// before it came into view counts), with the steady flame-coloured blocks joined to them, form a region unless it
// follows a beacon's single frequency or a tracked object covered it; a region seen for confirmSeconds raises
// `fire`, which ends after clearSeconds without one. Orange light all over raises nothing.
import type { Frame } from '../../media/frames/frame.js';
import { rgbOf } from '../../media/frames/yuv.js';
import type { Box } from '../geometry/box.js';
import { BlockSeries } from './block-series.js';
import { type FireOptions, type FireOptionsInput, FireOptionsSchema } from './fire-options.js';
import { type FireRegion, fireRegion } from './fire-region.js';
import { FlameBackground } from './flame-background.js';
import { type BlockMeasure, FlameBlocks, gridFor } from './flame-blocks.js';

export interface FireEvent {
  kind: 'fire';
  situationId: string;
  phase: 'start' | 'end';
  cameraId: string;
  /** Frame pixels [left, top, width, height]: the region when raised (start), the largest seen (end). */
  box: Box;
  /** 0..1: stronger flicker, less periodic, larger growth raise it. */
  score: number;
  /** ptsMs of the first frame of the confirmed run. */
  startedAt: number;
  endedAt?: number;
  details: { flameAreaShare: number; flickerScore: number; periodicity: number; growth: number; reason?: string };
}

interface Situation {
  id: string;
  first: FireRegion;
  best: FireRegion;
  last: FireRegion;
  startedAt: number;
}

export class FireDetector {
  readonly options: FireOptions;
  private blocks: FlameBlocks | undefined;
  private series: BlockSeries | undefined;
  private size = '';
  private candSince: number | undefined;
  private candFirst: FireRegion | undefined;
  private lastSeen = Number.NEGATIVE_INFINITY;
  private active: Situation | undefined;
  private seq = 0;
  private cameraId = '';
  private readonly background: FlameBackground;
  private fireMask: Uint8Array | undefined;
  /** Per block: when a tracked object last covered it (ms). */
  private moverSeen = new Float64Array(0);

  constructor(opts: FireOptionsInput = {}) {
    this.options = FireOptionsSchema.parse(opts);
    this.background = new FlameBackground(this.options.backgroundSeconds * 1000);
  }

  /**
   * `movers`: boxes (frame pixels) of the objects the camera tracks this frame (people, vehicles). With flicker
   * evidence their blocks, and blocks they covered within the window, are not fire: a person in a red jacket
   * gesturing flickers in flame colour, but the detector knows it is a person.
   */
  update(input: Frame, movers: readonly Readonly<Box>[] = []): FireEvent[] {
    if (input.format === 'gray') throw new Error('fire: needs colour frames (got gray): flames are colour');
    const frame = rgbOf(input);
    const o = this.options;
    const t = frame.ptsMs;
    this.cameraId = frame.cameraId;
    const out: FireEvent[] = [];
    const size = `${frame.width}x${frame.height}`;
    if (size !== this.size) {
      // A new size is a new view: close what is open and start the series over.
      out.push(...this.flush(t, 'resized'));
      this.size = size;
      this.blocks = new FlameBlocks(gridFor(frame, o), o);
      this.series = new BlockSeries(this.blocks.grid.cols * this.blocks.grid.rows);
      this.background.reset();
      this.fireMask = undefined;
      this.moverSeen = new Float64Array(this.blocks.grid.cols * this.blocks.grid.rows).fill(Number.NEGATIVE_INFINITY);
    }
    this.markMovers(frame, movers, t);
    const m = this.blocks!.measure(frame);
    // Fire blocks are not learned into the background (a burning fire must not become the usual view).
    const x = this.background.excess(t, m.share, m.energy, this.fireMask);
    // The evidence is the flame colour as it is: a fire burning before it came into view must count. Static orange
    // things (walls, signs, a yellow kerb) hold flame colour too but do not flicker, which the region test requires.
    const ev = o.evidence === 'flicker' ? m : x;
    this.series!.push(t, ev.share, ev.energy, m.change);
    const recent = o.evidence === 'flicker' ? this.moverBlocks(t) : undefined;
    const region = fireRegion(this.series!, ev.share, this.blocks!.grid, frame, o, recent);
    this.fireMask = region?.mask;
    const washed = this.washed(m, x.share, region?.mask);
    if (region && !washed) {
      if (this.candSince === undefined || t - this.lastSeen > o.graceSeconds * 1000) {
        this.candSince = t;
        this.candFirst = region;
      }
      this.lastSeen = t;
      if (this.active) {
        this.active.last = region;
        if (region.flameArea > this.active.best.flameArea) this.active.best = region;
      } else if (t - this.candSince >= o.confirmSeconds * 1000) {
        const id = `fire#${++this.seq}`;
        this.active = { id, first: this.candFirst!, best: region, last: region, startedAt: this.candSince };
        out.push(this.event('start', t));
      }
    } else if (washed && this.active) {
      this.lastSeen = t;
    }
    if (this.active && t - this.lastSeen > o.clearSeconds * 1000) out.push(...this.flush(t, 'no flame'));
    if (!this.active && this.candSince !== undefined && t - this.lastSeen > o.graceSeconds * 1000) {
      this.candSince = undefined;
    }
    return out;
  }

  /**
   * Orange light all over (sunset, sodium lamps) starts nothing, but does not end a fire already raised. New flame
   * colour outside the fire blocks: a light change spreads over the view, a fire adds colour locally. With flicker
   * evidence the fire blocks and their neighbours (its ragged fringe) are left out of both shares, so a large fire
   * covering a quarter of the view is not taken for the light changing.
   */
  private washed(m: BlockMeasure, excess: Float32Array, mask: Uint8Array | undefined): boolean {
    const o = this.options;
    const { cols, rows } = this.blocks!.grid;
    const skip = o.evidence === 'flicker' && mask ? dilate(mask, cols, rows) : mask;
    let outside = 0;
    let outsideExcess = 0;
    for (let k = 0; k < excess.length; k++) {
      if (skip?.[k]) continue;
      outside += m.share[k]!;
      outsideExcess += excess[k]!;
    }
    const scene = o.evidence === 'flicker' ? outside / excess.length : m.sceneShare;
    return scene > o.maxSceneShare || outsideExcess / excess.length > o.maxSceneExcess;
  }

  private markMovers(frame: Frame, movers: readonly Readonly<Box>[], t: number): void {
    const g = this.blocks!.grid;
    const s = g.width / frame.width / g.blockPx; // frame pixels to blocks
    for (const [x, y, w, h] of movers) {
      const x0 = Math.max(0, Math.floor(x * s));
      const y0 = Math.max(0, Math.floor(y * s));
      const x1 = Math.min(g.cols - 1, Math.floor((x + w) * s));
      const y1 = Math.min(g.rows - 1, Math.floor((y + h) * s));
      for (let by = y0; by <= y1; by++) for (let bx = x0; bx <= x1; bx++) this.moverSeen[by * g.cols + bx] = t;
    }
  }

  /** Blocks a tracked object covered within the flicker window (its movement is still in the window's flicker). */
  private moverBlocks(t: number): Uint8Array {
    const out = new Uint8Array(this.moverSeen.length);
    const since = t - this.options.windowSeconds * 1000;
    for (let k = 0; k < out.length; k++) out[k] = this.moverSeen[k]! >= since ? 1 : 0;
    return out;
  }

  /** Ends the open situation (stream stopped, or view changed). */
  flush(tMs: number, reason = 'stream ended'): FireEvent[] {
    const out = this.active ? [this.event('end', tMs, reason)] : [];
    this.active = undefined;
    this.candSince = undefined;
    this.series?.clear();
    return out;
  }

  private event(phase: 'start' | 'end', tMs: number, reason?: string): FireEvent {
    const s = this.active!;
    const r = phase === 'start' ? s.last : s.best;
    const growth = s.first.flameArea > 0 ? r.flameArea / s.first.flameArea : 1;
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const o = this.options;
    const strength = Math.min(1, r.flicker / (3 * (o.evidence === 'flicker' ? o.minPixelFlicker : o.minFlicker)));
    const score = Math.min(1, 0.4 + 0.3 * strength + 0.2 * (1 - r.periodicity) + 0.1 * Math.min(1, growth - 1));
    return {
      kind: 'fire',
      situationId: s.id,
      phase,
      cameraId: this.cameraId,
      box: r.box,
      score: r3(score),
      startedAt: s.startedAt,
      ...(phase === 'end' ? { endedAt: tMs } : {}),
      details: {
        flameAreaShare: r3(r.flameArea),
        flickerScore: r3(r.flicker),
        periodicity: r3(r.periodicity),
        growth: r3(growth),
        ...(reason ? { reason } : {}),
      },
    };
  }
}

/** The mask grown by one block (8 neighbours). */
function dilate(mask: Uint8Array, cols: number, rows: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    const cx = k % cols;
    const cy = Math.floor(k / cols);
    for (let y = Math.max(0, cy - 1); y <= Math.min(rows - 1, cy + 1); y++) {
      for (let x = Math.max(0, cx - 1); x <= Math.min(cols - 1, cx + 1); x++) out[y * cols + x] = 1;
    }
  }
  return out;
}
