// `vigie eval --clip FILE --truth FILE` / `--image-dir DIR`: an analytic measured on a city's own footage, through
// the pipeline the camera's own spec builds (pipelineFromSpec), against ground truth in one of the formats Vigie's
// evaluations read. Writes report.json and a self-contained report.html with the operating-point table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { CameraAnalyticsSpec } from '../../analytics/pipeline/camera-spec.js';
import { learnUnusualFiles } from '../../analytics/pipeline/unusual-files.js';
import { ownReportHtml } from './own-html.js';
import { ANALYTIC_SETTINGS, type AnalyticName, type OwnSpecOptions, ownSpec } from './own-spec.js';
import { runClip } from './run-clip.js';
import { scoreBoxes } from './score-boxes.js';
import { imagesWithTruth, scoreHeads } from './score-heads.js';
import { scoreLabels } from './score-labels.js';
import { scoreTracks } from './score-tracks.js';
import { readBoxesTruth, readLabelsTruth, readMotTruth, TruthFileError, type TruthFormat } from './truth-files.js';

/** The camera id of the evaluation's pipeline and of the model it learns. */
export const OWN_EVAL_CAMERA = 'own-eval';

export interface OwnEvalOptions extends OwnSpecOptions {
  out: string;
  clip?: string;
  truth?: string;
  truthFormat?: TruthFormat;
  /** Still images, each with its head-point JSON beside it. */
  imageDir?: string;
  images?: number;
  /** Normal clips of the same camera to learn the usual model from (labels format). */
  learn?: string[];
  /** Only the clip's frames up to this one (1-based). */
  frames?: number;
  /** Score from this clip frame on (1-based; the frames before are analysed, to warm the tracker, not scored). */
  firstFrame?: number;
  /** Boxes: a raised event may start or end this long outside the true one and still match (default 5 s). */
  slackS?: number;
  modelCacheDir?: string;
  log?: (m: string) => void;
}

/** The format of a truth file from its name and first line, when not given. */
export function guessFormat(file: string): TruthFormat {
  if (file.endsWith('.json')) return 'boxes';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TruthFileError(`truth file ${file}: cannot be read (${(e as Error).message})`);
  }
  const first = text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  return first.split(/[\s,]+/).length >= 6 ? 'mot' : 'labels';
}

/** The usual model learnt from the camera's normal clips exactly as `vigie learn --spec` learns it (one way). */
async function learnModel(clips: string[], spec: CameraAnalyticsSpec, file: string, log: (m: string) => void) {
  const model = await learnUnusualFiles(clips, spec, { cameraId: OWN_EVAL_CAMERA, log });
  writeFileSync(file, `${JSON.stringify(model)}\n`);
  return file;
}

export async function runOwnEval(o: OwnEvalOptions) {
  ort.env.logLevel = 'error';
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  if (Boolean(o.clip) === Boolean(o.imageDir)) throw new Error('give --clip FILE --truth FILE, or --image-dir DIR');
  if (o.clip && !o.truth) throw new Error('--clip needs --truth FILE (its ground truth)');
  if (o.clip && !existsSync(o.clip)) throw new Error(`--clip ${o.clip}: no such file`);
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const notes: string[] = [];
  let spec = ownSpec(o);
  let body: Record<string, unknown>;
  if (o.imageDir) {
    const pairs = imagesWithTruth(o.imageDir, o.images);
    const heads = await scoreHeads(pairs, spec, { ...(o.modelCacheDir && { modelCacheDir: o.modelCacheDir }), log });
    body = { truthFormat: 'heads', imageDir: o.imageDir, heads };
    notes.push(
      'Still images: the gate is off (nothing moves in one picture); the rest of the spec as the camera has it.',
      heads.method === 'tiles'
        ? 'Counted by tiles (counting.method): the dense count a crowd-density zone over the whole picture gets.'
        : 'Counted by tracks (counting.method): person detections of the camera detector at its operating score.',
    );
  } else {
    const clip = o.clip!;
    const truthFile = o.truth!;
    const format = o.truthFormat ?? guessFormat(truthFile);
    // The truth is read before any analysis: a malformed file is refused at once.
    const mot = format === 'mot' ? readMotTruth(truthFile) : undefined;
    const labels = format === 'labels' ? readLabelsTruth(truthFile) : undefined;
    const boxes = format === 'boxes' ? readBoxesTruth(truthFile) : undefined;
    if (format === 'heads') throw new Error('--truth-format heads scores still images: use --image-dir DIR');
    if (labels) {
      const learned = o.learn?.length ? await learnModel(o.learn, spec, join(out, 'usual-model.json'), log) : undefined;
      if (learned) spec = ownSpec({ ...o, usualModel: learned });
      if (!spec.pipeline?.situations.unusual.modelFile)
        throw new Error(
          'frame labels score the unusual analytic: give --learn normal1.mp4,normal2.mp4 or --usual-model FILE',
        );
    }
    const run = await runClip(clip, spec, {
      ...(o.modelCacheDir && { modelCacheDir: o.modelCacheDir }),
      ...(o.frames && { untilFrame: o.frames }),
      log,
    });
    if (o.firstFrame) {
      const from = o.firstFrame;
      run.frames = run.frames.filter((f) => f.frame >= from);
      run.situations = run.situations.filter((x) => x.to >= from);
      notes.push(`Scored from clip frame ${from} (the frames before analysed, not scored).`);
    }
    log(
      `${run.frames.length} frames analysed (${run.analysed.width}x${run.analysed.height} at ${run.analysed.fps} fps)`,
    );
    const p = spec.pipeline!;
    const first = o.firstFrame ?? 1;
    const last = o.frames ?? Number.POSITIVE_INFINITY;
    const within = (f: number) => f >= first && f <= last;
    const result = mot
      ? {
          tracks: scoreTracks(
            run,
            mot.filter((r) => within(r.frame)),
            p,
          ),
        }
      : labels
        ? { labels: scoreLabels(run, new Map([...labels].filter(([f]) => within(f)))) }
        : {
            boxes: scoreBoxes(
              run,
              // A true situation partly in the scored range counts (it can be raised there).
              boxes!.events.filter((e) => e.to >= first && e.from <= last),
              { slackS: o.slackS ?? 5 },
            ),
          };
    if (boxes) {
      const off = [...new Set(boxes.events.map((e) => e.kind))].filter((k) => !situationOn(p.situations, k));
      if (off.length)
        notes.push(`Off in this spec, so nothing can be raised: ${off.join(', ')} (turn on with --analytic).`);
    }
    body = {
      truthFormat: format,
      clip,
      truth: truthFile,
      ...(o.learn?.length && { learnedFrom: o.learn }),
      analysed: { ...run.analysed, frames: run.frames.length, source: run.source },
      stats: run.stats,
      ...result,
    };
  }
  const report = { kind: 'own-footage', createdAt: new Date().toISOString(), spec, ...body, notes };
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), ownReportHtml(report));
  log(`wrote ${join(out, 'report.json')} and report.html`);
  return report;
}

function situationOn(s: Record<string, { enabled: boolean }>, kind: string): boolean {
  return Boolean(s[ANALYTIC_SETTINGS[kind as AnalyticName]]?.enabled);
}
