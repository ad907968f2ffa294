// A city's clip through the camera's own analytics: decoded as the centre decodes a camera (FrameSource, yuv420p, the
// spec's rate and width), analysed by the pipeline pipelineFromSpec builds from the camera's stored spec. Everything
// per analysed frame is kept in the clip's own pixels and frame numbers, where the ground truth lives.
import type { Box } from '../../analytics/geometry/box.js';
import { cameraDecodeOptions } from '../../analytics/pipeline/camera-decode.js';
import type { CameraAnalyticsSpec } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { PipelineStats } from '../../analytics/pipeline/pipeline-types.js';
import type { SituationEvent } from '../../analytics/situations/situation-types.js';
import { FrameSource } from '../../media/decode/frame-source.js';
import { probeVideo } from '../../media/ffmpeg/probe.js';

export interface ClipFrame {
  /** 1-based: the N-th decoded frame of the clip (a lower analysis rate leaves frames out, never renumbers). */
  frame: number;
  ms: number;
  /** What reached the tracker (scores ≥ the low threshold), clip pixels. */
  detections: { box: Box; score: number; cls: string }[];
  tracks: { id: number; box: Box; score: number; cls: string }[];
  /** Unusual score over the camera's threshold (1 = at it), when that analytic is on and has a model. */
  unusual?: number;
  /** Share of the picture in motion: the plain activity score, the baseline an unusual score must beat. */
  motion: number;
}

/** One raised situation, from its start to its end, in clip frames and pixels. */
export interface RaisedSituation {
  kind: SituationEvent['kind'];
  subKind?: string;
  score: number;
  from: number;
  to: number;
  box?: Box;
}

export interface ClipRun {
  source: { width: number; height: number; fps?: number };
  analysed: { width: number; height: number; fps: number };
  frames: ClipFrame[];
  situations: RaisedSituation[];
  stats: PipelineStats;
}

export async function runClip(
  clip: string,
  spec: CameraAnalyticsSpec,
  o: { modelCacheDir?: string; untilFrame?: number; log?: (m: string) => void } = {},
): Promise<ClipRun> {
  const src = await probeVideo(clip).catch((e: Error) => {
    throw new Error(`--clip ${clip}: not a readable video (${e.message})`);
  });
  if (!src.width || !src.height) throw new Error(`--clip ${clip}: video size unknown`);
  const pipeline = await pipelineFromSpec(spec, {
    cameraId: 'own-eval',
    ...(o.modelCacheDir && { modelCacheDir: o.modelCacheDir }),
  });
  // Decoded as the centre decodes the camera, and as `vigie learn` learnt its usual model (camera-decode.ts).
  const source = new FrameSource({ cameraId: 'own-eval', input: clip, ...cameraDecodeOptions(spec) });
  const frames: ClipFrame[] = [];
  const open = new Map<string, RaisedSituation>();
  const situations: RaisedSituation[] = [];
  const msToFrame = new Map<number, number>();
  let sx = 1;
  let sy = 1;
  let size = { width: 0, height: 0 };
  const scale = (b: Readonly<Box>): Box => [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy];
  const frameAt = (ms: number, fallback: number) => msToFrame.get(ms) ?? fallback;
  const take = (evs: SituationEvent[], now: number) => {
    for (const e of evs) {
      if (e.phase === 'start') {
        const s: RaisedSituation = { kind: e.kind, score: e.score, from: frameAt(e.startedAt, now), to: now };
        if (e.subKind) s.subKind = e.subKind;
        if (e.box) s.box = scale(e.box);
        open.set(e.situationId, s);
        situations.push(s);
        continue;
      }
      const s = open.get(e.situationId);
      if (!s) continue;
      open.delete(e.situationId);
      // The end event knows the whole situation: its final score and box (a start only knows its first frame).
      s.to = e.endedAt !== undefined ? frameAt(e.endedAt, now) : now;
      s.score = Math.max(s.score, e.score);
      if (e.box) s.box = scale(e.box);
    }
  };
  let last = 0;
  try {
    for await (const f of source.frames()) {
      size = { width: f.width, height: f.height };
      [sx, sy] = [src.width / f.width, src.height / f.height];
      const n = f.seq + 1;
      msToFrame.set(f.ptsMs, n);
      const r = await pipeline.process(f);
      frames.push({
        frame: n,
        ms: f.ptsMs,
        detections: r.detections.map((d) => ({ box: scale(d.box), score: d.score, cls: d.cls })),
        tracks: r.tracks.map((t) => ({ id: t.id, box: scale(t.box), score: t.score, cls: t.cls })),
        ...(r.unusualScore !== undefined && { unusual: r.unusualScore }),
        motion: r.motionScore,
      });
      take(r.situationEvents, n);
      last = n;
      if (frames.length % 50 === 0) o.log?.(`frame ${n}: ${frames.length} analysed`);
      if (o.untilFrame !== undefined && n >= o.untilFrame) break;
    }
    take(pipeline.finishSituations(), last);
    for (const s of open.values()) s.to = last;
  } finally {
    await source.stop();
    await pipeline.close();
  }
  return {
    source: { width: src.width, height: src.height, ...(src.fps && { fps: src.fps }) },
    analysed: { ...size, fps: spec.fps },
    frames,
    situations,
    stats: pipeline.stats(),
  };
}
