import type { Detection } from '../../analytics/detect/nanodet-decoder.js';
import type { Box } from '../../analytics/geometry/box.js';
import { boxIou } from '../../analytics/geometry/box.js';

export interface SimpleTrack {
  id: number;
  box: Box;
  score: number;
  misses: number;
  hits: number;
}

/** The simplest tracker (greedy IoU between consecutive frames), the baseline's partner to the HOG detector. */
export class IouTracker {
  private tracks: SimpleTrack[] = [];
  private nextId = 1;

  constructor(
    private readonly minIou = 0.3,
    private readonly maxMisses = 3,
    private readonly minHits = 2,
  ) {}

  update(dets: Detection[]): SimpleTrack[] {
    const pairs: [number, number, number][] = [];
    this.tracks.forEach((t, ti) => {
      dets.forEach((d, di) => {
        const iou = boxIou(t.box, d.box);
        if (iou >= this.minIou) pairs.push([iou, ti, di]);
      });
    });
    pairs.sort((a, b) => b[0] - a[0]);
    const usedT = new Set<number>();
    const usedD = new Set<number>();
    for (const [, ti, di] of pairs) {
      if (usedT.has(ti) || usedD.has(di)) continue;
      usedT.add(ti);
      usedD.add(di);
      const t = this.tracks[ti]!;
      Object.assign(t, { box: dets[di]!.box, score: dets[di]!.score, misses: 0, hits: t.hits + 1 });
    }
    this.tracks.forEach((t, ti) => {
      if (!usedT.has(ti)) t.misses++;
    });
    dets.forEach((d, di) => {
      if (!usedD.has(di)) this.tracks.push({ id: this.nextId++, box: d.box, score: d.score, misses: 0, hits: 1 });
    });
    this.tracks = this.tracks.filter((t) => t.misses <= this.maxMisses);
    return this.tracks.filter((t) => t.misses === 0 && t.hits >= this.minHits);
  }
}
