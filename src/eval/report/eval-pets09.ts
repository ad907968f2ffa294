// The PETS09-S2L1 evaluation: Vigie's pipeline (motion-gated, and on every full frame) and the HOG + IoU baseline
// on the same decoded frames, each scored for detection, tracking, counting and the scene's events.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { specFromSettings } from '../../analytics/pipeline/camera-spec.js';
import { DetectionCache } from '../../analytics/pipeline/detection-cache.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { FrameAnalyser } from '../../analytics/pipeline/pipeline-types.js';
import type { PipelineSettings } from '../../analytics/pipeline/settings.js';
import { keptFrames } from '../../media/decode/frame-sampling.js';
import type { Frame } from '../../media/frames/frame.js';
import { BaselinePipeline } from '../baseline/baseline-pipeline.js';
import { formatMot, parseMot } from '../metrics/mot-format.js';
import type { SeqInfo } from './pets09-scene.js';
import type { VariantMetrics } from './report-types.js';
import { runAnalysers } from './run-analysers.js';
import { scoreRun } from './run-metrics.js';

export interface Pets09EvalOptions {
  settings: PipelineSettings;
  gtText: string;
  seq: SeqInfo;
  scene: unknown;
  /** Source frames considered (from frame 1). */
  frames: number;
  /**
   * The rate `frames` were decoded at (FrameSource `fps`: the source frames it keeps, their own timestamps, as
   * `vigie analyze` and the centre get them); default every frame. Checked against the frames that come.
   */
  analysisFps?: number;
  baseline: 'hog' | 'none';
  /** Also run Vigie with gating off (the detector on every full frame). */
  ungated: boolean;
  modelCacheDir: string;
  /** Folder of detection caches (one file per variant); none: every detector call is real. */
  cacheDir?: string;
  /** Write each variant's tracks here as `tracks-<id>.txt`, in the MOT format of `vigie analyze`'s tracks.txt. */
  tracksDir?: string;
  log?: (message: string) => void;
}

interface Variant {
  id: string;
  label: string;
  analyser: FrameAnalyser;
  cache?: DetectionCache;
}

async function variants(o: Pets09EvalOptions): Promise<Variant[]> {
  const s = o.settings;
  const cache = (id: string) => (o.cacheDir ? new DetectionCache(join(o.cacheDir, `pets09-${id}.json`)) : undefined);
  const out: Variant[] = [];
  const scene = o.scene;
  const size = `NanoDet ${s.inputSize}, ${s.threads} thread${s.threads > 1 ? 's' : ''}`;
  const gated = cache('vigie');
  out.push({
    id: 'vigie',
    label: `Vigie (${size}, motion-gated)`,
    analyser: await pipelineFromSpec(specFromSettings(s, scene), {
      modelCacheDir: o.modelCacheDir,
      detectionCache: gated,
    }),
    cache: gated,
  });
  if (o.ungated) {
    const c = cache('vigie-ungated');
    const settings = { ...s, gating: { ...s.gating, enabled: false } };
    out.push({
      id: 'vigie-ungated',
      label: `Vigie (${size}, every full frame)`,
      analyser: await pipelineFromSpec(specFromSettings(settings, scene), {
        modelCacheDir: o.modelCacheDir,
        detectionCache: c,
      }),
      cache: c,
    });
  }
  if (o.baseline === 'hog') {
    const c = cache('hog');
    out.push({
      id: 'hog',
      label: 'Baseline (OpenCV HOG + IoU tracker, 1 thread)',
      analyser: await BaselinePipeline.create({ scene, detectionCache: c }),
      cache: c,
    });
  }
  return out;
}

/**
 * Scores the analysers on `frames`, decoded by a FrameSource at `analysisFps` (the frames the product analyses at
 * that rate: no picking of its own here), up to source frame `o.frames`.
 */
export async function evaluatePets09(frames: AsyncIterable<Frame>, o: Pets09EvalOptions): Promise<VariantMetrics[]> {
  const log = o.log ?? (() => {});
  const list = await variants(o);
  log(`PETS09: ${o.frames} frames through ${list.map((v) => v.id).join(', ')}`);
  const t0 = performance.now();
  const expected = analysedFrames(o.frames, o.seq.fps, o.analysisFps);
  const picked: number[] = [];
  const records = await runAnalysers(
    upTo(frames, o.frames, picked),
    list.map((v) => v.analyser),
    {
      limit: expected.length,
      sourceSize: { width: o.seq.width, height: o.seq.height },
      onProgress: (p) => {
        const eta = ((performance.now() - t0) / p.frame) * (expected.length - p.frame);
        const rates = list.map((v, i) => `${v.id} ${p.fps[i]!.toFixed(1)} fps`).join(', ');
        log(`PETS09 frame ${p.frame}/${expected.length}: ${rates}; about ${Math.round(eta / 1000)} s left`);
      },
    },
  );
  for (const v of list) v.cache?.save();
  // A decoder that kept other frames than the rule says (or lost some) would be scored on frames nobody meant.
  if (picked.join() !== expected.join())
    throw new Error(
      `the decoder gave ${picked.length} frames, not the ${expected.length} the rate keeps (first different: frame ${picked.find((f, i) => f !== expected[i]) ?? expected[picked.length]})`,
    );
  const gt = parseMot(o.gtText).filter((r) => r.frame <= o.frames);
  const out: VariantMetrics[] = [];
  for (const [i, v] of list.entries()) {
    const rec = records[i]!;
    if (o.tracksDir) writeFileSync(join(o.tracksDir, `tracks-${v.id}.txt`), formatMot(rec.hyp));
    const stats = v.analyser.stats();
    await v.analyser.close();
    const hits = v.cache?.hits ?? 0;
    const cached = hits > 0;
    const scored = scoreRun(rec, {
      gt,
      frames: o.frames,
      fps: o.seq.fps,
      frameSize: { width: o.seq.width, height: o.seq.height },
      scene: o.scene,
      operatingScore: v.id === 'hog' ? 0.5 : o.settings.scoreThreshold,
      analysedFrames: picked,
    });
    // With cached detections the stopwatch would time the cache: replay the recorded stage times instead.
    const replayFps = stats.fps;
    out.push({
      id: v.id,
      label: v.label,
      ...scored,
      speed: {
        frames: rec.frames,
        wallMs: cached ? stats.ms.total : rec.wallMs,
        cpuMs: cached ? stats.ms.total : rec.cpuMs,
        fps: cached ? replayFps : (1000 * rec.frames) / rec.wallMs,
        fpsPerCore: cached ? replayFps : (1000 * rec.frames) / rec.cpuMs,
        detectorFrameShare: stats.detectorFrameShare,
        detectorCostPerFrame: stats.detectorCostPerFrame,
        msPerFrame: stats.msPerFrame,
        cachedShare: hits / Math.max(1, hits + (v.cache?.misses ?? 0)),
      },
    });
  }
  return out;
}

/** The source frames (1-based, MOT numbering) analysed at `fps` out of `sourceFps`: FrameSource's rule (keptFrames). */
export function analysedFrames(frames: number, sourceFps: number, fps?: number): number[] {
  return keptFrames(frames, sourceFps, fps).map((n) => n + 1);
}

/** The frames of the first `frames` source frames (decoding stops after them); their MOT numbers go to `seen`. */
async function* upTo(source: AsyncIterable<Frame>, frames: number, seen: number[]): AsyncGenerator<Frame> {
  for await (const f of source) {
    if (f.seq >= frames) return;
    seen.push(f.seq + 1);
    yield f;
  }
}
