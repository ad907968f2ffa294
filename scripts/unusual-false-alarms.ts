// False alarms per camera-hour of the unusual analytic on normal footage it was not learned from, through the product
// path (`vigie learn`'s learnUnusualFiles, then the camera pipeline scoring with that model file, the centre's
// default camera spec at 5 fps): UCSD Ped2 Train001-016 split in two (odd clips learn, even clips are scored, then
// the swap) and PETS09 S2.L1 learned on its first half, scored on its second (and the swap).
//   nice -n 5 node --import tsx scripts/unusual-false-alarms.ts [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseCameraSpec } from '../src/analytics/pipeline/camera-spec.js';
import { learnUnusualFiles, scoreUnusualFiles } from '../src/analytics/pipeline/unusual-files.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { petsHalves } from '../src/eval/report/pets-halves.js';

ort.env.logLevel = 'error';
const out = process.argv[2] ?? join(tmpdir(), 'vigie-unusual-fa');
mkdirSync(out, { recursive: true });
const spec = parseCameraSpec({ fps: 5 });
const ped2 = (i: number) => datasetPath('ucsd-ped2', 'train', `Train${String(i).padStart(3, '0')}.mp4`);
const odd = [1, 3, 5, 7, 9, 11, 13, 15].map(ped2);
const even = [2, 4, 6, 8, 10, 12, 14, 16].map(ped2);
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Fold {
  name: string;
  learned: string[];
  scored: { file: string; seconds: number; alarms: number; maxRatio: number; reasons: string[] }[];
}

async function fold(name: string, learn: string[], score: string[]): Promise<Fold> {
  const file = join(out, `${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(await learnUnusualFiles(learn, spec, { cameraId: name, log }))}\n`);
  const scored = (await scoreUnusualFiles(score, spec, file)).map((r) => {
    const ms = r.frames.map((f) => f.ptsMs);
    const starts = r.events.filter((e) => e.phase === 'start');
    return {
      file: r.file,
      // n frames at the analysis rate span n periods.
      seconds: ms.length ? (Math.max(...ms) - Math.min(...ms)) / 1000 + 1 / spec.fps : 0,
      alarms: starts.length,
      maxRatio: Math.round(Math.max(0, ...r.frames.map((f) => f.ratio)) * 100) / 100,
      reasons: starts.flatMap((e) => (e.details?.reasons as string[] | undefined) ?? []),
    };
  });
  const f = { name, learned: learn, scored };
  const s = total([f]);
  log(`${name}: ${s.alarms} alarms in ${s.minutes} min (${s.perHour} per camera-hour)`);
  return f;
}

function total(folds: Fold[]) {
  const all = folds.flatMap((f) => f.scored);
  const seconds = all.reduce((a, c) => a + c.seconds, 0);
  const alarms = all.reduce((a, c) => a + c.alarms, 0);
  return {
    alarms,
    minutes: Math.round((seconds / 60) * 100) / 100,
    perHour: Math.round(((3600 * alarms) / seconds) * 10) / 10,
    maxRatio: Math.max(...all.map((c) => c.maxRatio)),
  };
}

const folds: Fold[] = [];
folds.push(await fold('ped2 learn odd, score even', odd, even));
folds.push(await fold('ped2 learn even, score odd', even, odd));
const [first, second] = await petsHalves(datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4'), out);
folds.push(await fold('pets09 learn first half, score second', [first], [second]));
folds.push(await fold('pets09 learn second half, score first', [second], [first]));
const report = {
  spec,
  folds,
  ped2: total(folds.slice(0, 2)),
  pets09: total(folds.slice(2)),
  all: total(folds),
};
writeFileSync(join(out, 'false-alarms.json'), `${JSON.stringify(report, null, 2)}\n`);
log(JSON.stringify({ ped2: report.ped2, pets09: report.pets09, all: report.all }));
