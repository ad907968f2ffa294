// Cameras one machine really carries: N live cameras (the busy PETS09 sub stream looped at its real rate, one ffmpeg
// each) analysed by the centre's worker pool at the "fast 1/3" point, every core shared by all of them at once.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { type CameraAnalyticsSpecInput, parseCameraSpec } from '../src/analytics/pipeline/camera-spec.js';
import { AnalysisPool } from '../src/analytics/pool/worker-pool.js';
import type { CentreFrameResult } from '../src/app/analytics/pipeline-module.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import { TEST_MODEL_CACHE } from '../test/analytics/helpers/models.js';
import { PETS09_VIDEO, pets09Missing } from '../test/analytics/helpers/pets09.js';
import { startCentreTrial } from './capacity-centre.js';
import { fmt, machine } from './lib.js';
import { FAST3, quietClip, specOf, subStream } from './pipeline.js';

const POINT_LABEL: Record<string, string> = { fast3: 'fast 1/3', defaults: 'defaults' };
const MODEL_CACHE = process.env.VIGIE_MODEL_CACHE ?? TEST_MODEL_CACHE;
const MODULE = new URL('../src/app/analytics/pipeline-module.ts', import.meta.url);
const WARMUP_S = Number(process.env.VIGIE_BENCH_CAPACITY_WARMUP ?? 15);
const MEASURE_S = Number(process.env.VIGIE_BENCH_CAPACITY_SECONDS ?? 45);

/** CPU jiffies of the whole machine: busy (user, system, irq…), idle (idle, iowait) and stolen by the hypervisor. */
function machineCpu(): { busy: number; idle: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [number, ...number[]];
  return { busy: user + nice! + system! + irq! + softirq!, idle: idle! + iowait!, steal: steal! };
}

interface Trial {
  path: 'centre' | 'pool';
  point: string;
  scene: string;
  cameras: number;
  expected: number;
  analysed: number;
  dropped: number;
  busyShare: number;
  stealShare: number;
  msPerFrame: number;
}

// The operating points, as camera specs (what PUT /api/cameras/:id/analytics stores). "fast 1/3" as the pipeline
// bench and docs/analytics.md define it; "defaults": the spec's own defaults, only the decode width set to 416.
const POINTS: Record<string, CameraAnalyticsSpecInput> = {
  fast3: { ...specOf(FAST3), fps: 5, width: 416 },
  defaults: { fps: 5, width: 416 },
};

/** The pool-direct path (what earlier figures measured): files decoded at their real rate straight into the pool. */
async function startPoolTrial(files: (i: number) => string, cameras: number, spec: CameraAnalyticsSpecInput) {
  const pool = new AnalysisPool<CentreFrameResult>({ workers: availableParallelism() });
  const sources: FrameSource[] = [];
  for (let i = 0; i < cameras; i++) {
    const id = `cam-${i}`;
    await pool.addCamera(id, MODULE, { spec: parseCameraSpec(spec), modelCacheDir: MODEL_CACHE });
    const src = new FrameSource({
      cameraId: id,
      input: files(i),
      format: 'yuv420p',
      width: 416,
      realtime: true,
      loop: true,
    });
    src.on('frame', (f) => pool.submit(f));
    sources.push(src);
    await src.start();
    // Cameras do not all start on the same frame of the clip.
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    async counts() {
      const s = pool.stats();
      const sum = (k: 'received' | 'analysed' | 'dropped') => s.reduce((t, x) => t + x[k], 0);
      const ms = s.reduce((t, x) => t + x.msPerFrame, 0) / Math.max(1, s.length);
      return { received: sum('received'), analysed: sum('analysed'), dropped: sum('dropped'), msPerFrame: ms };
    },
    async stop() {
      await Promise.all(sources.map((x) => x.stop()));
      await pool.close();
    },
  };
}

async function trial(
  path: Trial['path'],
  point: string,
  scene: string,
  files: (i: number) => string,
  cameras: number,
): Promise<Trial> {
  const spec = POINTS[point]!;
  const run =
    path === 'centre'
      ? await startCentreTrial(files, cameras, spec, MODEL_CACHE)
      : await startPoolTrial(files, cameras, spec);
  try {
    await run.counts(); // the centre's: every camera running
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const a = await run.counts();
    const c0 = machineCpu();
    await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
    const c1 = machineCpu();
    const b = await run.counts();
    const total = c1.busy - c0.busy + (c1.idle - c0.idle) + (c1.steal - c0.steal);
    const t: Trial = {
      path,
      point,
      scene,
      cameras,
      expected: cameras * 5 * MEASURE_S,
      analysed: b.analysed - a.analysed,
      dropped: b.dropped - a.dropped,
      busyShare: (c1.busy - c0.busy) / total,
      stealShare: (c1.steal - c0.steal) / total,
      msPerFrame: b.msPerFrame,
    };
    process.stderr.write(
      `bench capacity: ${path} ${point} ${scene} ${cameras} cameras, ${t.analysed}/${t.expected} analysed, ` +
        `${t.dropped} dropped\n`,
    );
    return t;
  } finally {
    await run.stop();
  }
}

export async function runCapacityBench(): Promise<string> {
  const missing = pets09Missing();
  if (missing) return `### Live capacity\n\nSkipped: ${missing}.`;
  ort.env.logLevel = 'error';
  const busy = subStream(PETS09_VIDEO, 'pets09-sub.mp4');
  const quiet = subStream(await quietClip(), 'quiet-sub.mp4');
  // busy: every camera on the busy clip; mixed: one camera in four busy, the others on the quiet street.
  const scenes: Record<string, (i: number) => string> = {
    busy: () => busy,
    mixed: (i) => (i % 4 === 0 ? busy : quiet),
  };
  // path:point:scene:counts, ';'-separated. Default: the centre at both points, busy and mixed, and the pool-direct
  // path at "fast 1/3" beside it.
  const PLAN =
    'centre:fast3:busy:40,46,52;centre:fast3:mixed:72,88;pool:fast3:busy:40,46;' +
    'centre:defaults:busy:10,12;centre:defaults:mixed:24,28';
  const plan = (process.env.VIGIE_BENCH_CAPACITY ?? PLAN).split(';').flatMap((part) => {
    const [path, point, scene, list] = part.split(':') as [Trial['path'], string, string, string];
    if (!scenes[scene]) throw new Error(`VIGIE_BENCH_CAPACITY: unknown scene ${scene} (busy, mixed)`);
    if (!POINTS[point]) throw new Error(`VIGIE_BENCH_CAPACITY: unknown point ${point} (fast3, defaults)`);
    if (path !== 'centre' && path !== 'pool') throw new Error(`VIGIE_BENCH_CAPACITY: unknown path ${path}`);
    return list.split(',').map((n) => ({ path, point, scene, n: Number(n) }));
  });
  const rows: string[] = [];
  const best = new Map<string, number>();
  for (const { path, point, scene, n } of plan) {
    const t = await trial(path, point, scene, scenes[scene]!, n);
    const kept = t.analysed / t.expected >= 0.99;
    const key = `${path} ${point} ${scene}`;
    if (kept) best.set(key, Math.max(best.get(key) ?? 0, n));
    rows.push(
      `| ${path} | ${POINT_LABEL[point]} | ${t.scene} | ${t.cameras} | ${fmt((100 * t.analysed) / t.expected, 1)} % | ` +
        `${fmt((100 * t.dropped) / t.expected, 1)} % | ${fmt(100 * t.busyShare, 0)} % | ${fmt(100 * t.stealShare, 1)} % | ` +
        `${fmt(t.msPerFrame, 1)} | ${kept ? 'yes' : 'no'} |`,
    );
  }
  const cores = availableParallelism();
  const summary = [...best].map(([k, n]) => `| ${k} | ${n} | ${fmt(n / cores, 1)} |`);
  return [
    '### Live capacity: cameras one machine carries (issue "Analytics I"; product path since issue 17)',
    '',
    `Machine: ${machine()}. **centre**: the embedded centre as \`vigie serve\` runs it; each camera created and its`,
    'analytics set through the HTTP API (PUT /api/cameras/:id/analytics), served by the RTSP camera simulator as a',
    'sub stream (PETS09 footage, 640x480, 5 fps), decoded 416 wide by the centre, and the counts read back from',
    'GET /api/analytics/health. **pool**: the earlier harness, files decoded at their real rate straight into the',
    "centre's worker pool, same spec. busy: every camera on the PETS09 clip (people in every frame); mixed: one camera",
    'in four on it, the others on the quiet street (PETS09 background with sensor noise, nobody). Points: "fast 1/3"',
    '(int8 fitted 416, detector on 1 frame in 3, motion 160 wide, people only, gated, tamper on) and the defaults (the',
    `spec's own: fp32 416 square, every frame, six classes). ${cores} workers. ${WARMUP_S} s of warm-up once every`,
    `camera runs, then ${MEASURE_S} s measured. Keeps up: ≥ 99 % of the frames the cameras sent were analysed.`,
    'Baseline: the goal of 25 cameras per core.',
    '',
    '| path | point | scene | cameras | frames analysed | frames dropped | machine CPU busy | stolen by the host | analysis ms a frame (in the worker) | keeps up |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| path, point, scene | most cameras kept up | per core |',
    '|---|---|---|',
    ...summary,
    '',
    'Every process shares the cores here (RTSP simulator, ffmpeg decoders, the centre, its workers), as in a loaded',
    'centre; the simulator is on the same machine in the centre rows only.',
  ].join('\n');
}
