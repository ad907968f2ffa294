// Cost of each scene analytic per frame at 5 fps on PETS09 (people in every frame), inside the whole pipeline,
// and the cameras per core with every analytic on, against the same pipeline with the defaults (tamper only).
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { type CameraAnalyticsSpecInput, parseCameraSpec } from '../src/analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../src/analytics/pipeline/from-spec.js';
import { SituationsSchema } from '../src/analytics/situations/situation-settings.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { PETS09_VIDEO, pets09Missing } from '../test/analytics/helpers/pets09.js';
import { fmt, machine } from './lib.js';
import { decodeCost } from './pipeline.js';

const FPS = 5;
const SOURCE_FPS = 7;
const BASE = { inputSize: 416, precision: 'int8', threads: 1, classes: ['person'] };
// Everything on; unusual learns the first 40 s of the clip, then scores (its cost while scoring is what counts).
const ALL_ON = {
  tamper: { enabled: true },
  crowd: { enabled: true },
  unusual: { enabled: true, learnMinutes: 40 / 60 },
  abandoned: { enabled: true },
  ground: { enabled: true },
  fire: { enabled: true },
};

// The same analytics with the methods they had before issue 22 (motion-only unusual, fire above a background,
// abandoned objects found by their blob alone): each change's cost next to the old one, in the same run.
/** Pipeline settings before issue 22: no near-field pass. */
const PIPELINE_BEFORE_22: Record<string, unknown> = { nearField: { enabled: false } };
const BEFORE_22 = {
  unusual: { cues: 'motion' },
  fire: { evidence: 'aboveBackground' },
  abandoned: { followLook: false },
} as const;

function withBefore22(all: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(all).map(([k, v]) => [k, { ...v, ...(BEFORE_22[k as keyof typeof BEFORE_22] ?? {}) }]),
  );
}

async function run(situations: Record<string, unknown>, pipeline: Record<string, unknown> = {}) {
  const spec = { fps: FPS, pipeline: { ...BASE, ...pipeline, situations } } as unknown as CameraAnalyticsSpecInput;
  const p = await pipelineFromSpec(parseCameraSpec(spec));
  let cpu = 0;
  let n = 0;
  const src = new FrameSource({ cameraId: 'bench', input: PETS09_VIDEO, format: 'yuv420p', fps: FPS });
  for await (const f of src.frames()) {
    const c0 = process.cpuUsage();
    await p.process(f as Frame);
    const c = process.cpuUsage(c0);
    // The first frame is the camera's start (model sessions, first compilations), left out as in bench/pipeline.ts.
    if (n++ > 0) cpu += (c.user + c.system) / 1000;
  }
  const perAnalytic = Object.fromEntries(Object.entries(p.situationMs()).map(([k, ms]) => [k, ms / n]));
  await p.close();
  return { msPerFrame: cpu / (n - 1), perAnalytic };
}

export async function runSituationsBench(): Promise<string> {
  const missing = pets09Missing();
  if (missing) return `### Scene analytics\n\nSkipped: ${missing}.`;
  ort.env.logLevel = 'error';
  const decode = (await decodeCost(PETS09_VIDEO, undefined)).decodeMs;
  const known = Object.keys(ALL_ON).filter((k) => k in SituationsSchema.shape);
  const on = Object.fromEntries(known.map((k) => [k, ALL_ON[k as keyof typeof ALL_ON]])) as Record<
    string,
    Record<string, unknown>
  >;
  const all = await run(on);
  const before = await run(withBefore22(on), PIPELINE_BEFORE_22);
  const defaults = await run({});
  const cameras = (ms: number) => 1000 / (SOURCE_FPS * decode + FPS * ms);
  const rows = Object.entries(all.perAnalytic).map(([k, ms]) => {
    const old = before.perAnalytic[k];
    const ratio = old ? `×${fmt(ms / old, 2)}` : '—';
    return `| ${k} | ${fmt(ms, 2)} | ${old === undefined ? '—' : fmt(old, 2)} | ${ratio} | ${fmt((FPS * ms) / 10, 2)} % |`;
  });
  return [
    '### Scene analytics (issue "Analytics II"): cost per frame at 5 fps',
    '',
    `Machine: ${machine()}. PETS09-S2L1 (768x576, 7 fps, people in every frame) analysed at ${FPS} fps inside the whole`,
    'pipeline (NanoDet 416 int8, gated, person class). Wall ms per analysed frame of each analytic (the unusual model',
    'learns the first 40 s, then scores), and its share of one core; "before" is the same run with the methods of',
    `before issue 22 (${JSON.stringify({ ...BEFORE_22, pipeline: PIPELINE_BEFORE_22 })}).`,
    '',
    '| analytic | ms per frame | before issue 22 | ratio | share of a core per camera |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '| pipeline | CPU ms per analysed frame (analysis) | cameras per core at 5 fps (every source frame decoded) |',
    '|---|---|---|',
    `| defaults (tamper only) | ${fmt(defaults.msPerFrame, 1)} | **${fmt(cameras(defaults.msPerFrame), 1)}** |`,
    `| every analytic on (${known.join(', ')}) | ${fmt(all.msPerFrame, 1)} | **${fmt(cameras(all.msPerFrame), 1)}** |`,
    `| every analytic on, methods before issue 22 | ${fmt(before.msPerFrame, 1)} | **${fmt(cameras(before.msPerFrame), 1)}** |`,
    '',
    `Decoding: ${fmt(decode, 2)} CPU ms per source frame (ffmpeg, 1 thread, yuv420p as the frames analysed, plus Node's intake).`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runSituationsBench());
}
