// `vigie eval`: Vigie's analytics and the HOG baseline on PETS09-S2L1 (detection, tracking, counts, events) and
// crowd counting on ShanghaiTech B, written as report.json + a self-contained report.html, and each variant's PETS09
// tracks as tracks-<id>.txt (the MOT format of `vigie analyze`, to compare the two or score them elsewhere).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { defaultModelCacheDir } from '../analytics/pipeline/camera-pipeline.js';
import { parsePipelineSettings } from '../analytics/pipeline/settings.js';
import { centreBlurConfig } from '../app/media/blur-config.js';
import { PrivacyFilters } from '../app/media/privacy-filters.js';
import { datasetPath } from '../eval/datasets/paths.js';
import { evaluateAccessCopy } from '../eval/report/access-copy-eval.js';
import { type CountImage, evaluateCounting } from '../eval/report/crowd-count.js';
import { evaluatePets09 } from '../eval/report/eval-pets09.js';
import { runFireEval } from '../eval/report/fire-eval.js';
import { renderHtmlReport } from '../eval/report/html-report.js';
import { reportNotes } from '../eval/report/notes.js';
import { machineDescription, pets09ScenePath, readSeqInfo } from '../eval/report/pets09-scene.js';
import { runPrivacyEval } from '../eval/report/privacy-eval.js';
import type { EvalReport } from '../eval/report/report-types.js';
import { runSituationsEval } from '../eval/report/situations-eval.js';
import { runUnusualEval } from '../eval/report/unusual-eval.js';
import { FrameSource } from '../media/decode/frame-source.js';
import { addOwnEvalOptions, type OwnEvalFlags, runOwnEvalFlags } from './eval-own-options.js';

export interface EvalOptions {
  dataset: 'pets09';
  out: string;
  baseline: 'hog' | 'none';
  /** PETS09 frames from frame 1 (default: all). */
  frames?: number;
  size: 320 | 416;
  threads: number;
  precision?: 'auto' | 'fp32' | 'int8';
  /** Detector on one frame in N (the tracker predicts in between); default 1. */
  detectEvery?: number;
  /** Full-frame detector input: square (default) or fitted to the frame. */
  inputShape?: 'fit' | 'square';
  /** PETS09: analyse the frames FrameSource keeps at this rate (as `vigie analyze --fps`); default every frame (7 fps). */
  analysisFps?: number;
  /** Further analytics settings (PipelineSettingsSchema); the options above override them. */
  settings?: Record<string, unknown>;
  /** ShanghaiTech B images (default: all; 0 skips counting). */
  images?: number;
  /** Decode width for analysis (aspect kept); default the source's own. */
  width?: number;
  ungated: boolean;
  /** Also score anonymised access copies (issue 21); default true. */
  accessCopy?: boolean;
  cacheDir?: string;
  modelCacheDir?: string;
  log?: (message: string) => void;
}

/** The ShanghaiTech images with their annotated counts, decoded one at a time (name order: IMG_1, IMG_2, …). */
async function* shanghaiImages(dir: string, limit: number): AsyncGenerator<CountImage> {
  const names = readdirSync(dir)
    .filter((f) => /^IMG_\d+\.json$/.test(f))
    .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))
    .slice(0, limit);
  for (const json of names) {
    const meta = JSON.parse(readFileSync(join(dir, json), 'utf8')) as { image?: string; count: number };
    const file = join(dir, meta.image ?? json.replace(/\.json$/, '.jpg'));
    const { data, info } = await sharp(file)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    yield {
      name: json.replace(/\.json$/, ''),
      width: info.width,
      height: info.height,
      data: new Uint8Array(data),
      count: meta.count,
    };
  }
}

export async function runEval(o: EvalOptions): Promise<EvalReport> {
  // The converted models carry a few unused initializers onnxruntime warns about on every session: not news to a user.
  ort.env.logLevel = 'error';
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  if (o.dataset !== 'pets09') throw new Error(`unknown dataset "${o.dataset}" (available: pets09)`);
  const dir = datasetPath('pets09-s2l1');
  const video = join(dir, 'PETS09-S2L1.mp4');
  for (const f of [video, join(dir, 'gt.txt'), join(dir, 'seqinfo.ini')]) {
    if (!existsSync(f))
      throw new Error(
        `${f} not found: the datasets live in ../shared/datasets beside the checkout (or set VIGIE_DATASETS)`,
      );
  }
  const seq = readSeqInfo(join(dir, 'seqinfo.ini'));
  const frames = Math.min(o.frames ?? seq.frames, seq.frames);
  if (!(frames >= 1)) throw new Error(`--frames must be at least 1`);
  const settings = parsePipelineSettings({
    ...o.settings,
    inputSize: o.size,
    threads: o.threads,
    precision: o.precision ?? 'fp32',
    detectEvery: o.detectEvery ?? 1,
    inputShape: o.inputShape ?? 'square',
    classes: ['person'],
  });
  const scenePath = pets09ScenePath();
  const scene = JSON.parse(readFileSync(scenePath, 'utf8'));
  const modelCacheDir = o.modelCacheDir ?? defaultModelCacheDir();
  const source = new FrameSource({
    cameraId: 'pets09',
    input: video,
    format: 'yuv420p',
    ...(o.width && { width: o.width }),
    // The product's own frame path: `vigie analyze --fps` and the centre analyse these very frames.
    ...(o.analysisFps && { fps: o.analysisFps }),
  });
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const variants = await evaluatePets09(source.frames(), {
    settings,
    gtText: readFileSync(join(dir, 'gt.txt'), 'utf8'),
    seq,
    scene,
    frames,
    ...(o.analysisFps && { analysisFps: o.analysisFps }),
    baseline: o.baseline,
    ungated: o.ungated,
    modelCacheDir,
    cacheDir: o.cacheDir,
    tracksDir: out,
    log,
  });
  const shanghai = datasetPath('shanghaitech-b', 'train');
  const limit = o.images ?? Number.POSITIVE_INFINITY;
  let counting: EvalReport['counting'];
  if (limit > 0 && existsSync(shanghai)) {
    counting = await evaluateCounting(shanghaiImages(shanghai, limit), {
      dataset: 'ShanghaiTech Part B (train subset)',
      settings,
      baseline: o.baseline,
      modelCacheDir,
      cacheDir: o.cacheDir,
      log,
    });
  } else if (limit > 0) log(`${shanghai} not found: crowd counting skipped`);
  const accessCopy =
    o.accessCopy === false
      ? undefined
      : await evaluateAccessCopy({
          video,
          gtText: readFileSync(join(dir, 'gt.txt'), 'utf8'),
          frames,
          fps: seq.fps,
          width: seq.width,
          height: seq.height,
          modelCacheDir,
          log,
        });
  const gtRows = readFileSync(join(dir, 'gt.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && Number(l.split(',')[0]) <= frames);
  const truthCounts = Array.from({ length: frames }, () => 0);
  for (const l of gtRows) truthCounts[Number(l.split(',')[0]) - 1]!++;
  const report: EvalReport = {
    createdAt: new Date().toISOString(),
    machine: machineDescription(),
    dataset: {
      name: seq.name,
      video: 'pets09-s2l1/PETS09-S2L1.mp4',
      frames,
      fps: seq.fps,
      width: seq.width,
      height: seq.height,
      gtRows: gtRows.length,
    },
    analysisWidth: o.width ?? seq.width,
    analysisFps: Math.min(o.analysisFps ?? seq.fps, seq.fps),
    settings,
    scene: 'src/analytics/rules/scenes/pets09-s2l1.json',
    truthCounts,
    variants,
    ...(counting && { counting }),
    ...(accessCopy && { accessCopy }),
    notes: [],
  };
  report.notes = reportNotes(report);
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), renderHtmlReport(report));
  log(`wrote ${join(out, 'report.json')} and report.html`);
  return report;
}

/** `--dataset privacy`: the live blur at its default settings, through the same pool the centre serves walls with. */
async function runPrivacy(out: string, frames?: number) {
  const config = centreBlurConfig(defaultModelCacheDir());
  const filters = new PrivacyFilters(config);
  try {
    await runPrivacyEval({
      out,
      filter: filters.factory('pets09', 'main'),
      settings: config,
      ...(frames && { seconds: Math.ceil(frames / 7) }),
    });
  } finally {
    await filters.close();
  }
}

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
  return n;
};

export function registerEvalCommand(program: Command) {
  const cmd = program
    .command('eval')
    .description(
      'evaluate the analytics (and the HOG baseline) on PETS09-S2L1 and ShanghaiTech B, or on your own footage (--clip/--image-dir); writes report.json + report.html',
    );
  addOwnEvalOptions(cmd)
    .option(
      '--dataset <name>',
      'evaluation: pets09 (detection, tracking, rules, counting), ucsd-ped2 (unusual), situations (scene analytics), fire (synthetic flames, tune/validate) or privacy (blur recall of live feeds)',
      'pets09',
    )
    .option(
      '--fps <n>',
      'analysis rate: pets09 default 7 (every frame; lower keeps the frames `analyze --fps` keeps), ucsd-ped2 default 10',
      int('--fps'),
    )
    .option('--out <dir>', 'output folder (report.json, report.html, tracks-<variant>.txt)', 'eval-report')
    .option('--baseline <name>', 'baseline run side by side: hog or none', 'hog')
    .option(
      '--frames <n>',
      'only the first N frames of PETS09 or of --clip (default: all 795; privacy: N/7 s of live stream)',
      int('--frames'),
    )
    .option('--images <n>', 'only the first N ShanghaiTech images (0: skip counting)', int('--images'))
    .option('--size <px>', 'detector input size: 320 or 416', '416')
    .option('--width <px>', 'decode width for analysis, aspect kept (default: the video size, 768)', int('--width'))
    .option('--threads <n>', 'detector threads', int('--threads'), 1)
    .option('--precision <p>', 'detector arithmetic: fp32, int8 or auto', 'fp32')
    .option(
      '--detect-every <n>',
      'detector on one frame in N, the tracker predicting in between',
      int('--detect-every'),
    )
    .option('--input-shape <s>', 'full-frame detector input: square or fit (the frame aspect)', 'square')
    .option('--settings <file>', 'analytics settings as JSON (PipelineSettingsSchema); the flags override it')
    .option('--skip-ungated', 'do not also run Vigie on every full frame (gating off)')
    .option('--skip-access-copy', 'do not score anonymised access copies (requester clear, others pixelated)')
    .option(
      '--cache <dir>',
      'remember detector outputs here (re-runs skip the detector; speed figures replay the first run)',
    )
    .action(
      async (
        c: OwnEvalFlags & {
          dataset: string;
          fps?: number;
          out: string;
          baseline: string;
          frames?: number;
          images?: number;
          size: string;
          threads: number;
          precision: string;
          detectEvery?: number;
          inputShape: string;
          settings?: string;
          width?: number;
          skipUngated?: boolean;
          skipAccessCopy?: boolean;
          cache?: string;
        },
      ) => {
        if (c.clip || c.imageDir) {
          await runOwnEvalFlags(c);
          return;
        }
        if (c.dataset === 'situations') {
          await runSituationsEval({ out: c.out });
          return;
        }
        if (c.dataset === 'fire') {
          await runFireEval({ out: c.out });
          return;
        }
        if (c.dataset === 'privacy') return runPrivacy(c.out, c.frames);
        if (c.dataset === 'ucsd-ped2') {
          await runUnusualEval({ out: c.out, ...(c.fps && { fps: c.fps }) });
          return;
        }
        if (c.dataset !== 'pets09')
          throw new Error(`--dataset must be pets09, ucsd-ped2, situations, fire or privacy, got "${c.dataset}"`);
        if (c.baseline !== 'hog' && c.baseline !== 'none')
          throw new Error(`--baseline must be hog or none, got "${c.baseline}"`);
        if (c.size !== '320' && c.size !== '416') throw new Error(`--size must be 320 or 416, got "${c.size}"`);
        if (!['auto', 'fp32', 'int8'].includes(c.precision))
          throw new Error(`--precision must be auto, fp32 or int8, got "${c.precision}"`);
        if (c.inputShape !== 'fit' && c.inputShape !== 'square')
          throw new Error(`--input-shape must be fit or square, got "${c.inputShape}"`);
        await runEval({
          dataset: c.dataset as 'pets09',
          out: c.out,
          baseline: c.baseline,
          frames: c.frames,
          images: c.images,
          size: Number(c.size) as 320 | 416,
          threads: c.threads,
          precision: c.precision as 'auto' | 'fp32' | 'int8',
          inputShape: c.inputShape,
          ...(c.settings && { settings: JSON.parse(readFileSync(c.settings, 'utf8')) }),
          ...(c.detectEvery && { detectEvery: c.detectEvery }),
          ...(c.width && { width: c.width }),
          ungated: !c.skipUngated,
          accessCopy: !c.skipAccessCopy,
          cacheDir: c.cache,
          ...(c.fps && { analysisFps: c.fps }),
        });
      },
    );
}
