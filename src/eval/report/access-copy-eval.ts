// `vigie eval`'s access-copy part: the copy engine of the product on PETS09, one requester picked in the first half
// of the clip (the half the settings were tuned on) and one in the second (held out), each copy scored from its own
// pictures against gt.txt exactly as test/privacy/access-copy-pets09.test.ts does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessCopyEngine } from '../../analytics/privacy/access-copy-engine.js';
import {
  boxUnder,
  type FollowRecord,
  keptOn,
  type PickLike,
  stretchAround,
} from '../../analytics/privacy/follow-record.js';
import type { AccessCopyFigures, GtBox } from './access-copy-measure.js';
import { gtByFrame, scoreCopy } from './access-copy-score.js';

export const ACCESS_COPY_GOALS = { requesterClear: 0.95, othersCovered: 0.99 } as const;

export interface AccessCopyCase extends AccessCopyFigures {
  half: 'first' | 'second';
  /** The ground-truth person picked, the 1-based picture clicked, and the tracker's id found there. */
  requesterId: number;
  pickedFrame: number;
  trackId: number;
  keptFrames: number;
  cellsShare: number;
  /** Pictures of the copy, and the source picture (0-based) its first was matched to by block means. */
  frames: number;
  offset: number;
}

export interface AccessCopyReport {
  frames: number;
  cellPx: number;
  followMs: number;
  copyMs: number;
  goals: typeof ACCESS_COPY_GOALS;
  cases: AccessCopyCase[];
}

const clearOfOthers = (me: GtBox, all: GtBox[], pad: number) =>
  all.every(
    (g) =>
      g.id === me.id ||
      !(
        me.box[0] - pad < g.box[0] + g.box[2] &&
        g.box[0] - pad < me.box[0] + me.box[2] &&
        me.box[1] - pad < g.box[1] + g.box[3] &&
        g.box[1] - pad < me.box[1] + me.box[3]
      ),
  );

/**
 * The person seen most within [from, to] (1-based pictures), at the first picture where they stand clear of all,
 * `settle` pictures in at least (the tracker confirms a track over a few pictures, as a supervisor would see).
 */
export function requesterIn(gt: ReadonlyMap<number, GtBox[]>, from: number, to: number, settle = 14) {
  const count = new Map<number, number>();
  for (let n = from; n <= to; n++) for (const g of gt.get(n) ?? []) count.set(g.id, (count.get(g.id) ?? 0) + 1);
  for (const [id] of [...count.entries()].sort((a, b) => b[1] - a[1])) {
    for (let n = from + settle; n <= to; n++) {
      const all = gt.get(n) ?? [];
      const me = all.find((g) => g.id === id);
      if (me && me.box[3] > 60 && clearOfOthers(me, all, 40)) return { id, n, box: me.box };
    }
  }
  return undefined;
}

export async function evaluateAccessCopy(o: {
  video: string;
  gtText: string;
  frames: number;
  fps: number;
  width: number;
  height: number;
  modelCacheDir: string;
  log: (m: string) => void;
}): Promise<AccessCopyReport> {
  const gt = gtByFrame(o.gtText);
  const engine = accessCopyEngine({ modelCacheDir: o.modelCacheDir });
  const parts = [{ file: o.video, outpoint: o.frames / o.fps }];
  const work = mkdtempSync(join(tmpdir(), 'vigie-eval-copy-'));
  try {
    let t0 = performance.now();
    const run = await engine.follow(parts, { masks: [] });
    const followMs = performance.now() - t0;
    const durationMs = (run.frames.length * 1000) / run.fps;
    // The clip's own time is its wall clock here (one part, no gaps).
    const rec: FollowRecord = {
      cameraId: 'pets09',
      planKey: '',
      covered: [{ fromMs: 0, toMs: durationMs, offsetMs: 0 }],
      ...run,
      madeAt: new Date().toISOString(),
    };
    const cases: AccessCopyCase[] = [];
    let copyMs = 0;
    let cellPx = 0;
    const half = Math.floor(run.frames.length / 2);
    for (const [name, from, to] of [
      ['first', 1, half],
      ['second', half + 1, run.frames.length],
    ] as const) {
      const who = requesterIn(gt, from, to);
      if (!who) {
        o.log(`access copy: no person stands clear of the others in the ${name} half`);
        continue;
      }
      const [x, y, w, h] = who.box;
      const hit = boxUnder(run.frames[who.n - 1]!, { point: [x + w / 2, y + h / 2] });
      if (!hit) {
        o.log(`access copy: the tracker has no one under person ${who.id} at picture ${who.n} (${name} half)`);
        continue;
      }
      const stretch = stretchAround(rec, hit.t, who.n - 1);
      const pick: PickLike = {
        trackId: hit.t,
        segments: [{ from: new Date(stretch.fromMs).toISOString(), to: new Date(stretch.toMs).toISOString() }],
      };
      const file = join(work, `${name}.mp4`);
      t0 = performance.now();
      const res = await engine.produce(parts, file, {
        masks: [],
        banner: `copy for access request EVAL-${name}`,
        frames: run.frames,
        keep: (i) => keptOn(rec, i, [pick]),
      });
      copyMs += performance.now() - t0;
      cellPx = res.cellPx;
      const f = await scoreCopy({
        copyFile: file,
        sourceFile: o.video,
        width: run.width,
        height: run.height,
        fps: run.fps,
        expectedStart: 0,
        gt,
        requesterId: who.id,
        kept: res.keptPictures,
        cellPx: res.cellPx,
      });
      o.log(
        `access copy (${name} half): person ${who.id}, clear on ${f.requesterClearShare} of ${f.requesterFrames} ` +
          `pictures, others covered on ${f.othersCoveredShare} of ${f.otherPersonFrames} person-frames`,
      );
      cases.push({
        half: name,
        requesterId: who.id,
        pickedFrame: who.n,
        trackId: hit.t,
        keptFrames: res.keptFrames,
        cellsShare: Math.round(res.cellsShare * 10_000) / 10_000,
        ...f,
      });
    }
    return {
      frames: run.frames.length,
      cellPx,
      followMs: Math.round(followMs),
      copyMs: Math.round(copyMs),
      goals: ACCESS_COPY_GOALS,
      cases,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
