// The access copy's engine over the real tools (the copy service's port, core/access-requests/copies): the follow
// pass decodes the window and runs the analytics' own detector and tracker on every picture (full frames, no motion gating: an offline job has the time, and a person
// standing still must be found too); the copy pass writes the pictures again with everyone but the requester hidden.
import { rm } from 'node:fs/promises';
import type { ClipInput } from '../../media/export/clip.js';
import { clipFrames } from '../../media/export/clip-frames.js';
import { writeFilteredClip } from '../../media/export/filtered-clip.js';
import { boxIou } from '../geometry/box.js';
import { CameraPipeline } from '../pipeline/camera-pipeline.js';
import { CopyBlurrer, copyCellSize } from './copy-blurrer.js';
import type { Box, CopyResult, FollowBox, FollowFrame } from './follow-record.js';

export interface AccessCopyEngineOptions {
  modelCacheDir: string;
  ffmpeg?: string;
  /** Detections at or above this score are hidden even when no track holds them (recall first). Default 0.25. */
  hideScore?: number;
  /** Detector input size (416: people far away are found too). */
  inputSize?: 320 | 416;
}

const round = (b: Readonly<Box>): Box => [Math.round(b[0]), Math.round(b[1]), Math.round(b[2]), Math.round(b[3])];

type Masks = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

export interface AccessCopyEngine {
  follow(
    parts: ClipInput[],
    o: { masks: Masks },
  ): Promise<{ width: number; height: number; fps: number; frames: FollowFrame[] }>;
  produce(
    parts: ClipInput[],
    outFile: string,
    o: { masks: Masks; banner: string; frames: FollowFrame[]; keep: (i: number) => FollowBox[] },
  ): Promise<CopyResult>;
}

export function accessCopyEngine(o: AccessCopyEngineOptions): AccessCopyEngine {
  const hideScore = o.hideScore ?? 0.25;
  return {
    async follow(parts, { masks }) {
      const pipeline = await CameraPipeline.create(
        {
          gating: { enabled: false },
          inputSize: o.inputSize ?? 416,
          masks: masks.map((m) => ({ points: m.map(([x, y]) => [x, y] as [number, number]) })),
        },
        { cameraId: 'access-copy', modelCacheDir: o.modelCacheDir },
      );
      const frames: FollowFrame[] = [];
      let size = { width: 0, height: 0, fps: 0 };
      try {
        for await (const f of clipFrames(parts, { ffmpeg: o.ffmpeg })) {
          size = { width: f.width, height: f.height, fps: f.fps };
          const r = await pipeline.process(f);
          const x: FollowBox[] = r.tracks.map((t) => ({ t: t.id, c: t.cls, b: round(t.box) }));
          // Detections no track holds (too weak or too new to start one) are still someone to hide.
          for (const d of r.detections)
            if (d.score >= hideScore && !r.tracks.some((t) => boxIou(t.box, d.box) >= 0.3))
              x.push({ t: 0, c: d.cls, b: round(d.box) });
          frames.push({ o: Math.round(f.ptsMs), x });
        }
      } finally {
        await pipeline.close();
      }
      return { ...size, frames };
    },

    async produce(parts, outFile, { masks, banner, frames, keep }): Promise<CopyResult> {
      const blur = new CopyBlurrer();
      const hidden: Record<string, number> = {};
      let share = 0;
      let kept = 0;
      const runs: [number, number][] = [];
      try {
        const r = await writeFilteredClip(
          parts,
          outFile,
          (f) => {
            const fr = frames[f.seq];
            // A picture the follow pass did not see (the footage changed meanwhile): fail closed, all hidden.
            if (!fr) {
              blur.apply(f, [{ cls: 'person', box: [0, 0, f.width, f.height] }]);
              share += 1;
              return;
            }
            const keepBoxes = keep(f.seq);
            const ids = new Set(keepBoxes.map((b) => b.t));
            const others = fr.x.filter((b) => b.t === 0 || !ids.has(b.t)).map((b) => ({ cls: b.c, box: b.b }));
            const rep = blur.apply(
              f,
              others,
              keepBoxes.map((b) => b.b),
            );
            for (const [c, n] of Object.entries(rep.hidden)) hidden[c] = (hidden[c] ?? 0) + n;
            share += rep.share;
            if (rep.kept) {
              kept++;
              const last = runs.at(-1);
              if (last && last[1] === f.seq - 1) last[1] = f.seq;
              else runs.push([f.seq, f.seq]);
            }
          },
          { masks, banner, ...(o.ffmpeg && { ffmpeg: o.ffmpeg }) },
        );
        if (r.frames !== frames.length) {
          await rm(outFile, { force: true });
          throw new Error(
            `the footage changed since it was followed (${r.frames} pictures, ${frames.length} followed)`,
          );
        }
        return {
          bytes: r.bytes,
          sha256: r.sha256,
          frames: r.frames,
          keptFrames: kept,
          keptPictures: runs,
          hidden,
          cellsShare: r.frames ? share / r.frames : 0,
          cellPx: copyCellSize(r.width, r.height),
        };
      } finally {
        blur.close();
      }
    },
  };
}
