// What the live privacy blur costs: CPU per blurred stream and the latency it adds, each against the clear copied
// stream measured in the same run (issue 21).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultModelCacheDir } from '../src/analytics/pipeline/camera-pipeline.js';
import { centreBlurConfig } from '../src/app/media/blur-config.js';
import { PrivacyFilters } from '../src/app/media/privacy-filters.js';
import { datasetPath, hasDataset } from '../src/eval/datasets/paths.js';
import type { InitSegment } from '../src/media/live/fmp4.js';
import { LiveRelay, type LiveViewer } from '../src/media/live/relay.js';
import { CameraSimulator } from '../src/media/simulator/simulator.js';
import { startMini } from '../test/live/support/cameras.js';
import { ClockPainter, readClockGray } from './live-clock.js';
import { type Run, report, SECONDS, WARMUP_S } from './privacy-report.js';
import { childFfmpegCpu } from './proc-cpu.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const SIZES = [
  { width: 640, height: 480 },
  { width: 1920, height: 1080 },
];

/** The pool as the centre builds it: one worker, the centre's blur settings. */
function privacyFilters(): PrivacyFilters {
  return new PrivacyFilters(centreBlurConfig(defaultModelCacheDir()));
}

/** Records each fragment's bytes and arrival time (the viewer's clock is the painter's: same process). */
class TimedViewer implements LiveViewer {
  readonly chunks: Buffer[] = [];
  readonly arrivals: number[] = [];
  inits = 0;
  buffered = () => 0;
  init(seg: InitSegment): void {
    // An upstream that restarts before its first picture starts over; after it, only its first run is kept.
    if (this.arrivals.length === 0) this.chunks.splice(0, this.chunks.length, seg.data);
    else this.inits++;
  }
  fragment(data: Buffer): void {
    if (this.inits > 0 || this.chunks.length === 0) return; // one run of the upstream: one picture per fragment
    this.chunks.push(data);
    this.arrivals.push(Date.now());
  }
  drop(): void {}
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => boolean, ms: number) {
  for (const t0 = Date.now(); !ok(); await wait(100)) if (Date.now() - t0 > ms) throw new Error(`timeout: ${what}`);
}

const droppedBy = (f: PrivacyFilters | undefined) => f?.stats().reduce((s, x) => s + x.dropped, 0) ?? 0;

/** Runs one relay for WARMUP_S + SECONDS; CPU and delivered pictures over the last SECONDS. */
async function measureRelay(url: string, filters: PrivacyFilters | undefined, v: TimedViewer) {
  const relay = new LiveRelay({
    url: () => url,
    filter: () => filters?.factory('bench', 'main'),
    idleStopMs: 100,
    stallMs: 60_000, // the blur pool's first start can be slow on a loaded machine: not a stall
  });
  relay.add(v);
  try {
    const what = `first fragment from ${url} (${filters ? 'blurred' : 'clear'})`;
    await waitFor(what, () => v.arrivals.length > 0, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${relay.stats.lastError}`);
    });
    await wait(WARMUP_S * 1000);
    const dropped0 = droppedBy(filters);
    const children = childFfmpegCpu(process.pid);
    const self0 = process.cpuUsage();
    const n0 = v.arrivals.length;
    const t0 = performance.now();
    await wait(SECONDS * 1000);
    const wall = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const child = children.used();
    const selfCores = (self.user + self.system) / 1e6 / wall;
    const dropped = droppedBy(filters) - dropped0;
    return { selfCores, childCores: child / wall, fps: (v.arrivals.length - n0) / wall, dropped };
  } finally {
    await relay.stop();
  }
}

/** Each received picture's painted time against its fragment's arrival (pictures decoded after the run). */
function latencies(v: TimedViewer, width: number, block: number) {
  const w = block * 34;
  const h = block * 4;
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'mp4',
      '-i',
      'pipe:0',
      '-vf',
      `crop=${w}:${h}:0:0`,
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ],
    { input: Buffer.concat(v.chunks), maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`decode: ${r.stderr}`);
  const n = Math.floor(r.stdout.length / (w * h));
  if (n !== v.arrivals.length) throw new Error(`${n} pictures for ${v.arrivals.length} fragments (${width} wide)`);
  const out: number[] = [];
  let unreadable = 0;
  const skip = v.arrivals.findIndex((t) => t - v.arrivals[0]! > 3000); // the first seconds: start-up, not steady
  for (let i = Math.max(0, skip); i < n; i++) {
    const stamp = readClockGray(new Uint8Array(r.stdout.subarray(i * w * h, (i + 1) * w * h)), w, block);
    if (stamp === null) unreadable++;
    else out.push(v.arrivals[i]! - stamp);
  }
  return { latencies: out, unreadable };
}

/** PETS09 at 25 fps (each picture repeated 3-4 times), as a 25 fps camera would send it; made once, in tmp. */
function pets25(): string {
  const out = join(tmpdir(), 'vigie-bench-pets09-25fps.mp4');
  if (!existsSync(out)) {
    const args = [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-i',
      CLIP,
      '-vf',
      'fps=25',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
    ];
    const r = spawnSync('ffmpeg', [...args, '-g', '25', '-bf', '0', `${out}.part.mp4`]);
    if (r.status !== 0) throw new Error(`pets09 at 25 fps: ${r.stderr}`);
    renameSync(`${out}.part.mp4`, out);
  }
  return out;
}

async function cpuRuns(footage: string, fps: number): Promise<Run[]> {
  const sim = new CameraSimulator({ port: 0, footage, main: SIZES[1], sub: SIZES[0] });
  await sim.start(1);
  const runs: Run[] = [];
  try {
    for (const [i, size] of SIZES.entries()) {
      const url = sim.urls(sim.ids()[0]!)[i === 0 ? 'sub' : 'main'];
      for (const path of ['clear', 'blurred'] as const) {
        const filters = path === 'blurred' ? privacyFilters() : undefined;
        const m = await measureRelay(url, filters, new TimedViewer()).finally(() => filters?.close());
        const cores = m.selfCores + m.childCores;
        runs.push({
          path,
          size: `${size.width}x${size.height}`,
          camFps: fps,
          cores,
          ...m,
          latencies: [],
          unreadable: 0,
        });
      }
    }
  } finally {
    await sim.stop();
  }
  return runs;
}

async function latencyRuns(): Promise<Run[]> {
  const runs: Run[] = [];
  for (const size of SIZES) {
    // The clock's blocks are the blur's cells (16 px at 480 lines, 36 at 1080): a pixelated block keeps its value.
    const block = size.height === 480 ? 16 : 36;
    let painter: ClockPainter | undefined;
    const cams = await startMini(1, {
      ...{ ...size, fps: 25, input: 'gray-stdin' as const },
      onFeeder: (f) => (painter = new ClockPainter(f.stdin!, size.width, size.height, 25, block)),
    });
    try {
      for (const path of ['clear', 'blurred'] as const) {
        const filters = path === 'blurred' ? privacyFilters() : undefined;
        const v = new TimedViewer();
        const m = await measureRelay(cams.url(0), filters, v).finally(() => filters?.close());
        const l = latencies(v, size.width, block);
        runs.push({
          path,
          size: `${size.width}x${size.height}`,
          camFps: 25,
          cores: m.selfCores + m.childCores,
          ...m,
          ...l,
        });
      }
    } finally {
      painter?.stop();
      await cams.stop();
    }
  }
  return runs;
}

export async function runPrivacyBench(): Promise<string> {
  if (!hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4')) return '## Live privacy blur\n\nSkipped: PETS09 not found.';
  const cpu = [...(await cpuRuns(CLIP, 7)), ...(await cpuRuns(pets25(), 25))];
  const lat = await latencyRuns();
  return report(cpu, lat);
}
