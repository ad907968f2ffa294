import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Tracker } from '../../../src/analytics/track/tracker.js';
import { clearMot } from '../../../src/eval/metrics/clear-mot.js';
import { countError, countsPerFrame } from '../../../src/eval/metrics/counting.js';
import { detectionAp, precisionRecallAt } from '../../../src/eval/metrics/detection-ap.js';
import { identityMetrics } from '../../../src/eval/metrics/identity.js';
import { formatMot, type GtConvention, type MotRow, tracksToMotRows } from '../../../src/eval/metrics/mot-format.js';
import { countsSvg, prCurveSvg } from '../../../src/eval/metrics/svg-plot.js';
import { pets09Missing } from '../helpers/pets09.js';
import { DETECTOR, PETS09_FPS, PETS09_HEIGHT, pets09Detections, pets09GroundTruth } from './pets09-sequence.js';

// Generic settings, not fitted to this clip: the tracker's defaults, plus a floor on box height that only drops
// boxes a 416-input detector cannot resolve reliably (5 % of the frame height, 29 px here).
const MIN_BOX_HEIGHT = 0.05;
const frames = Array.from({ length: 795 }, (_, i) => i + 1);

test('PETS09-S2L1, NanoDet 416 + tracker on all 795 frames: AP, MOTA, IDF1', { skip: pets09Missing() }, async (t) => {
  const dets = await pets09Detections((m) => t.diagnostic(m));
  const scored = dets.flatMap((f, i) => f.map((d) => ({ frame: i + 1, box: d.box, score: d.score })));
  const tracker = new Tracker({ minBoxHeight: MIN_BOX_HEIGHT, frameHeight: PETS09_HEIGHT });
  const hyp: MotRow[] = dets.flatMap((f, i) => tracksToMotRows(i + 1, tracker.update(f, (i * 1000) / PETS09_FPS)));
  t.diagnostic(
    `detector: input ${DETECTOR.inputSize}, NMS IoU ${DETECTOR.nmsIou}; tracker: defaults, minBoxHeight ${MIN_BOX_HEIGHT}`,
  );

  const results = (['all-rows', 'drop-zero-flagged'] as GtConvention[]).map((convention) => {
    const gt = pets09GroundTruth(convention);
    const ap = detectionAp(scored, gt);
    const pr = [0.3, 0.4, 0.5].map((s) => precisionRecallAt(ap, s));
    const m = clearMot(gt, hyp);
    const id = identityMetrics(gt, hyp);
    const counts = countError(countsPerFrame(hyp, frames), countsPerFrame(gt, frames));
    t.diagnostic(
      `[gt ${convention}, ${gt.length} boxes] AP@0.5 ${ap.ap.toFixed(3)}; ` +
        pr.map((p) => `P/R@${p.threshold} ${p.precision.toFixed(3)}/${p.recall.toFixed(3)}`).join(', '),
    );
    t.diagnostic(
      `[gt ${convention}] MOTA ${m.mota.toFixed(3)} MOTP ${m.motp.toFixed(3)} IDF1 ${id.idf1.toFixed(3)} ` +
        `(IDP ${id.idp.toFixed(3)} IDR ${id.idr.toFixed(3)}) FP ${m.fp} FN ${m.fn} IDSW ${m.idSwitches} ` +
        `FM ${m.fragmentations} MT/PT/ML ${m.mostlyTracked}/${m.partiallyTracked}/${m.mostlyLost}, ` +
        `${new Set(hyp.map((r) => r.id)).size} track ids for ${m.gtTrajectories} people; count MAE ${counts.mae.toFixed(2)}`,
    );
    return { convention, gt, ap, m, id };
  });

  const dir = join(tmpdir(), 'vigie-test-cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pets09-s2l1-tracks.txt'), formatMot(hyp));
  const main = results[0]!;
  const html = `<!doctype html><meta charset="utf-8"><title>PETS09-S2L1</title>
<h1>PETS09-S2L1: detection and tracking</h1>
<p>AP@0.5 ${main.ap.ap.toFixed(3)}, MOTA ${main.m.mota.toFixed(3)}, IDF1 ${main.id.idf1.toFixed(3)} (all gt rows)</p>
${prCurveSvg(main.ap.curve, { title: `NanoDet ${DETECTOR.inputSize}: AP@0.5 ${main.ap.ap.toFixed(3)}` })}
${countsSvg(countsPerFrame(main.gt, frames), countsPerFrame(hyp, frames), { title: 'people per frame', width: 800 })}`;
  writeFileSync(join(dir, 'pets09-s2l1-report.html'), html);
  t.diagnostic(
    `report: ${join(dir, 'pets09-s2l1-report.html')}; tracks (MOT format): ${join(dir, 'pets09-s2l1-tracks.txt')}`,
  );

  // Regression floors a little under what these settings reach (see the diagnostics), not targets.
  assert.ok(main.ap.ap >= 0.85, `AP ${main.ap.ap.toFixed(3)}`);
  assert.ok(main.m.mota >= 0.78, `MOTA ${main.m.mota.toFixed(3)}`);
  assert.ok(main.id.idf1 >= 0.78, `IDF1 ${main.id.idf1.toFixed(3)}`);
  assert.ok(main.m.idSwitches <= 25, `${main.m.idSwitches} ID switches`);
});
