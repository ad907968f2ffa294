// Near-field views of PETS09-S2L1 for the recall study (issue 22): a crop of the real footage scaled up with ffmpeg,
// so its people stand 2-2.5x taller (as a camera closer to them sees them), with the ground truth moved along; and a
// scorer for a `vigie analyze` tracks.txt against such a truth, over a frame range (tune/validate halves).
//
//   node --import tsx scripts/near-field.ts make x,y,w,h OUT_DIR      → OUT_DIR/clip.mp4, gt.txt, ignore.txt
//   node --import tsx scripts/near-field.ts score GT_DIR TRACKS [FROM] [TO]
//   node --import tsx scripts/near-field.ts dets GT_DIR [SETTINGS_JSON]   (detector scores of the true people by height)
// GT_DIR "pets09" scores against PETS09's own gt.txt. A person cut by the crop is kept when at least half of the box is
// inside (clipped to the visible part); one mostly outside is an ignore box: a track on it counts neither way.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Box, boxIou } from '../src/analytics/geometry/box.js';
import { specFromSettings } from '../src/analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../src/analytics/pipeline/from-spec.js';
import { parsePipelineSettings } from '../src/analytics/pipeline/settings.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import {
  clearMot,
  formatMot,
  identityMetrics,
  type MotRow,
  parseMot,
  withoutIgnored,
} from '../src/eval/metrics/index.js';
import { FrameSource } from '../src/media/decode/frame-source.js';

const W = 768;
const H = 576;
const pets = datasetPath('pets09-s2l1');

function make(crop: string, out: string): void {
  const [x, y, w, h] = crop.split(',').map(Number) as [number, number, number, number];
  mkdirSync(out, { recursive: true });
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-i', join(pets, 'PETS09-S2L1.mp4')],
    ...['-vf', `crop=${w}:${h}:${x}:${y},scale=${W}:${H}:flags=bicubic`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', join(out, 'clip.mp4')],
  ]);
  const sx = W / w;
  const sy = H / h;
  const kept: MotRow[] = [];
  const ignored: MotRow[] = [];
  for (const r of parseMot(readFileSync(join(pets, 'gt.txt'), 'utf8'))) {
    const [l, t, bw, bh] = r.box;
    const cl = Math.max(l, x);
    const ct = Math.max(t, y);
    const cr = Math.min(l + bw, x + w);
    const cb = Math.min(t + bh, y + h);
    if (cr <= cl || cb <= ct) continue;
    const share = ((cr - cl) * (cb - ct)) / (bw * bh);
    const box: Box = [(cl - x) * sx, (ct - y) * sy, (cr - cl) * sx, (cb - ct) * sy];
    (share >= 0.5 ? kept : ignored).push({ ...r, box, score: 1 });
  }
  writeFileSync(join(out, 'gt.txt'), formatMot(kept));
  writeFileSync(join(out, 'ignore.txt'), formatMot(ignored));
  console.log(`${out}: ${kept.length} true boxes, ${ignored.length} ignore boxes, scale ${sx.toFixed(2)}`);
}

function truth(dir: string): { gt: MotRow[]; ignore: MotRow[] } {
  if (dir === 'pets09') return { gt: parseMot(readFileSync(join(pets, 'gt.txt'), 'utf8')), ignore: [] };
  const ig = join(dir, 'ignore.txt');
  return {
    gt: parseMot(readFileSync(join(dir, 'gt.txt'), 'utf8')),
    ignore: existsSync(ig) ? parseMot(readFileSync(ig, 'utf8')) : [],
  };
}

function score(dir: string, tracks: string, from = 1, to = 1e9): void {
  const inRange = (r: MotRow) => r.frame >= from && r.frame <= to;
  const { gt: g, ignore } = truth(dir);
  const gt = g.filter(inRange);
  const hyp = withoutIgnored(parseMot(readFileSync(tracks, 'utf8')).filter(inRange), gt, ignore);
  const m = clearMot(gt, hyp);
  const id = identityMetrics(gt, hyp);
  const f = (v: number) => v.toFixed(3);
  console.log(
    `frames ${from}-${Math.min(to, Math.max(...gt.map((r) => r.frame)))}: MOTA ${f(m.mota)} IDF1 ${f(id.idf1)} ` +
      `P ${f(m.precision)} R ${f(m.recall)} FP ${m.fp} FN ${m.fn} IDSW ${m.idSwitches} gt ${m.numGt}`,
  );
}

/** For every true box: the best detection score overlapping it at IoU ≥ 0.5 (0 if none), binned by box height. */
async function dets(dir: string, settingsFile?: string): Promise<void> {
  const input = dir === 'pets09' ? join(pets, 'PETS09-S2L1.mp4') : join(dir, 'clip.mp4');
  const s = parsePipelineSettings({
    ...(settingsFile && JSON.parse(readFileSync(settingsFile, 'utf8'))),
    classes: ['person'],
  });
  const p = await pipelineFromSpec(specFromSettings(s));
  const byFrame = new Map<number, MotRow[]>();
  for (const r of truth(dir).gt) byFrame.set(r.frame, [...(byFrame.get(r.frame) ?? []), r]);
  const bins = new Map<number, number[]>();
  let n = 0;
  for await (const frame of new FrameSource({ cameraId: 'nf', input, format: 'yuv420p' }).frames()) {
    const out = await p.process(frame);
    for (const g of byFrame.get(++n) ?? []) {
      const best = Math.max(0, ...out.detections.filter((d) => boxIou(d.box, g.box) >= 0.5).map((d) => d.score));
      const bin = Math.floor(g.box[3] / H / 0.05) * 5;
      bins.set(bin, [...(bins.get(bin) ?? []), best]);
    }
  }
  await p.close();
  console.log('height % of frame | boxes | no det ≥ lowScore | < 0.3 | < 0.5 | < 0.6 | median best score');
  for (const [bin, v] of [...bins].sort((a, b) => a[0] - b[0])) {
    const share = (t: number) => (v.filter((x) => x < t).length / v.length).toFixed(2);
    const med = [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    console.log(
      `${bin}-${bin + 5} | ${v.length} | ${share(1e-9)} | ${share(0.3)} | ${share(0.5)} | ${share(0.6)} | ${med.toFixed(2)}`,
    );
  }
}

const [cmd, a, b, c, d] = process.argv.slice(2);
if (cmd === 'make' && a && b) make(a, b);
else if (cmd === 'score' && a && b) score(a, b, c ? Number(c) : undefined, d ? Number(d) : undefined);
else if (cmd === 'dets' && a) await dets(a, b);
else {
  console.error('usage: near-field.ts make x,y,w,h DIR | score GT_DIR TRACKS [FROM] [TO] | dets GT_DIR [SETTINGS]');
  process.exit(2);
}
