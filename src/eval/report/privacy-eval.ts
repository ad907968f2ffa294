// `vigie eval --dataset privacy`: blur recall through the product's own live path. The camera simulator streams
// PETS09-S2L1, a LiveRelay with the privacy filter serves it, and what its viewer received is decoded: each picture is
// aligned to its source frame (cell means survive pixelation), and each ground-truth person box of that frame is
// scored as hidden when at least 90 % of it lies in flat (pixelated) cells. Writes report.json and report.html.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameSource } from '../../media/decode/frame-source.js';
import { cellSizeFor } from '../../media/frames/pixelate.js';
import type { FrameFilterFactory } from '../../media/live/filtered-upstream.js';
import { LiveRelay, type LiveViewer } from '../../media/live/relay.js';
import { CameraSimulator } from '../../media/simulator/simulator.js';
import { datasetPath } from '../datasets/paths.js';
import { alignFrame, boxCoverage, cellStats, cellsOf, pixelatedCells } from '../metrics/blur-coverage.js';
import { groupByFrame, parseMot } from '../metrics/mot-format.js';

export interface PrivacyEvalOptions {
  out: string;
  /** The live blur under test (the centre's PrivacyFilters); absent: the clear copied stream (the metric's floor). */
  filter?: FrameFilterFactory;
  /** Seconds of live stream recorded; default the whole clip once (795 frames at 7 fps) and a margin. */
  seconds?: number;
  /** The blur's settings, written into the report as they were. */
  settings?: unknown;
  log?: (m: string) => void;
}

/** Pictures received in the first seconds are the blur's warm-up (whole picture hidden): not scored. */
const WARMUP_MS = 2000;
const COVERED = 0.9;

interface Tally {
  pictures: number;
  boxes: number;
  hidden: number;
  recall: number | null;
}

const tally = (): Tally => ({ pictures: 0, boxes: 0, hidden: 0, recall: null });

/** Records one viewer's stream: one picture per fragment, with its arrival time. */
async function recordLive(url: string, filter: FrameFilterFactory | undefined, seconds: number) {
  const chunks: Buffer[] = [];
  const arrivals: number[] = [];
  let restarts = 0;
  const viewer: LiveViewer = {
    buffered: () => 0,
    init: (seg) => {
      // An upstream that restarts before its first picture starts over; after it, only its first run is kept.
      if (arrivals.length === 0) chunks.splice(0, chunks.length, seg.data);
      else restarts++;
    },
    fragment: (d) => {
      if (restarts > 0 || chunks.length === 0) return;
      chunks.push(d);
      arrivals.push(Date.now());
    },
    drop: () => {},
  };
  // A generous stall watchdog: the blur pool's first start (worker, detector model) can take many seconds on a loaded
  // machine, and a restart would start the blurrer over.
  const relay = new LiveRelay({ url: () => url, filter: () => filter, idleStopMs: 100, stallMs: 60_000 });
  relay.add(viewer);
  try {
    const t0 = Date.now();
    while (arrivals.length === 0 && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 100));
    if (arrivals.length === 0) throw new Error(`no picture from the relay in 120 s (${relay.stats.lastError})`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
  } finally {
    await relay.stop();
  }
  return { stream: Buffer.concat(chunks), arrivals, restarts };
}

/** The clear source: its cell means align the received pictures, its own flat cells are the metric's false hides. */
async function readSourceCells(video: string) {
  const source: ReturnType<typeof cellStats>[] = [];
  let sourceFlat = 0;
  let size = { width: 0, height: 0 };
  for await (const f of new FrameSource({ cameraId: 'eval', input: video, format: 'gray' }).frames()) {
    size = { width: f.width, height: f.height };
    const st = cellStats(f.data, f.width, f.height, cellsOf(f.width, f.height, cellSizeFor(f.width, f.height)));
    source.push(st);
    const flat = pixelatedCells(st.stds, st.stds);
    sourceFlat += flat.reduce((s, v) => s + v, 0) / flat.length;
  }
  return { source, sourceFlat, size };
}

// Read once per process: a blurred and a clear run in a row (the test) decode the 795 source pictures once.
const sourceMemo = new Map<string, ReturnType<typeof readSourceCells>>();
function sourceCells(video: string) {
  let p = sourceMemo.get(video);
  if (!p) {
    p = readSourceCells(video);
    p.catch(() => sourceMemo.delete(video));
    sourceMemo.set(video, p);
  }
  return p;
}

export async function runPrivacyEval(o: PrivacyEvalOptions) {
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  const dir = datasetPath('pets09-s2l1');
  const video = join(dir, 'PETS09-S2L1.mp4');
  const gt = groupByFrame(parseMot(readFileSync(join(dir, 'gt.txt'), 'utf8')).filter((r) => r.score !== 0));
  const { source, sourceFlat, size } = await sourceCells(video);
  const sourceMeans = source.map((s) => s.means);
  const seconds = o.seconds ?? Math.ceil(source.length / 7) + 6;
  log(`streaming PETS09 through the live relay (${o.filter ? 'blurred' : 'clear'}) for ${seconds} s`);
  const sim = new CameraSimulator({ port: 0, footage: video });
  await sim.start(1);
  const rec = await recordLive(sim.urls(sim.ids()[0]!).main, o.filter, seconds).finally(() => sim.stop());
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, 'received.mp4');
  writeFileSync(file, rec.stream);

  const halves = { tune: tally(), validate: tally() };
  const all = tally();
  let shareSum = 0;
  let expected: number | undefined;
  let warmup = 0;
  const diffs: number[] = [];
  const seen = new Set<number>();
  let i = 0;
  for await (const f of new FrameSource({ cameraId: 'eval', input: file, format: 'gray' }).frames()) {
    const at = rec.arrivals[i++];
    if (at === undefined) throw new Error(`more pictures decoded than fragments received (${rec.arrivals.length})`);
    const g = cellsOf(f.width, f.height, cellSizeFor(f.width, f.height));
    const st = cellStats(f.data, f.width, f.height, g);
    const { index, diff } = alignFrame(st.means, sourceMeans, expected);
    expected = (index + 1) % source.length;
    if (at - rec.arrivals[0]! < WARMUP_MS) {
      warmup++;
      continue;
    }
    diffs.push(diff);
    seen.add(index);
    const flat = pixelatedCells(st.stds, source[index]!.stds);
    shareSum += flat.reduce((s, v) => s + v, 0) / flat.length;
    const half = index < source.length / 2 ? halves.tune : halves.validate;
    for (const t of [half, all]) t.pictures++;
    for (const row of gt.get(index + 1) ?? []) {
      const c = boxCoverage(row.box, flat, g, f.width, f.height);
      if (c === null) continue;
      for (const t of [half, all]) {
        t.boxes++;
        if (c >= COVERED) t.hidden++;
      }
    }
  }
  for (const t of [all, halves.tune, halves.validate]) t.recall = t.boxes ? t.hidden / t.boxes : null;
  diffs.sort((a, b) => a - b);
  const report = {
    createdAt: new Date().toISOString(),
    path: o.filter ? 'blurred' : 'clear',
    settings: o.settings ?? null,
    dataset: { name: 'PETS09-S2L1', frames: source.length, ...size, cellPx: cellSizeFor(size.width, size.height) },
    covered: COVERED,
    secondsRecorded: seconds,
    picturesReceived: rec.arrivals.length,
    warmupPictures: warmup,
    upstreamRestarts: rec.restarts,
    sourceFramesSeen: seen.size,
    alignmentDiff: { median: diffs[diffs.length >> 1] ?? null, max: diffs[diffs.length - 1] ?? null },
    recall: all.recall,
    boxes: all.boxes,
    pictures: all.pictures,
    halves,
    pictureShare: all.pictures ? shareSum / all.pictures : null,
    sourceFlatShare: source.length ? sourceFlat / source.length : null,
  };
  writeFileSync(join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(o.out, 'report.html'), html(report));
  log(`blur recall ${report.recall?.toFixed(4)} over ${all.boxes} boxes; wrote ${join(o.out, 'report.json')}`);
  return report;
}

function html(r: {
  path: string;
  recall: number | null;
  halves: Record<string, Tally>;
  pictureShare: number | null;
  sourceFlatShare: number | null;
  pictures: number;
  boxes: number;
}): string {
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(4));
  const rows = Object.entries({ all: { ...r, hidden: 0 }, ...r.halves }).map(
    ([k, t]) => `<tr><td>${k}</td><td>${t.pictures}</td><td>${t.boxes}</td><td>${f(t.recall)}</td></tr>`,
  );
  return `<!doctype html><meta charset="utf-8"><title>Vigie eval: privacy blur</title>
<h1>Blur recall on PETS09-S2L1 (${r.path} live stream)</h1>
<p>Share of ground-truth person boxes at least 90 % covered by pixelated cells, on the pictures a viewer received.
Goal ≥ 0.99. Tune = first half of the clip, validate = second half.</p>
<table border="1"><tr><th>part</th><th>pictures</th><th>boxes</th><th>recall</th></tr>${rows.join('')}</table>
<p>Share of the picture pixelated: ${f(r.pictureShare)} (cells already flat in the clear source: ${f(r.sourceFlatShare)}).</p>\n`;
}
