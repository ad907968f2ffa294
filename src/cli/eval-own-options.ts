// `vigie eval --clip FILE --truth FILE` and `--image-dir DIR`: the options of an evaluation on a city's own footage
// (src/eval/own), registered beside the dataset evaluations of eval-command.ts.
import type { Command } from 'commander';
import { runOwnEval } from '../eval/own/own-eval.js';
import type { TruthFormat } from '../eval/own/truth-files.js';

const FORMATS = ['mot', 'labels', 'heads', 'boxes'];

export function addOwnEvalOptions(cmd: Command): Command {
  return cmd
    .option(
      '--clip <file>',
      "OWN FOOTAGE: a video of one of your cameras, scored against --truth; the analytics are the spec's (--camera-spec or --settings, else the defaults: 5 fps, 640 wide), --fps/--width/--frames override; the detector flags below apply to the datasets only",
    )
    .option(
      '--truth <file>',
      'ground truth of --clip: MOT tracks (frame,id,left,top,width,height,…), frame labels ("frame 0|1" lines) or situations JSON ({"events":[{"kind","from","to","box"?}]}, docs/analytics.md)',
    )
    .option('--truth-format <f>', 'mot, labels, boxes (clips) or heads (--image-dir); default: from the file')
    .option(
      '--image-dir <dir>',
      "OWN FOOTAGE: still images, each with NAME.json {count, heads:[[x,y],…]} beside it, counted as the spec's counting.method does (tracks: the detector's person boxes; tiles: the dense count)",
    )
    .option(
      '--camera-spec <file>',
      "the camera's analytics spec as JSON (the body of PUT /api/cameras/:id/analytics): evaluate exactly what it runs",
    )
    .option(
      '--analytic <list>',
      'switch on scene analytics for this run, comma-separated: camera_tamper, crowd_movement, unusual, person_on_ground, abandoned_object, fire',
    )
    .option('--learn <clips>', 'labels: learn the usual model from these normal clips of the camera (comma-separated)')
    .option('--usual-model <file>', 'labels: an unusual-situation model from `vigie learn`')
    .option(
      '--first-frame <n>',
      'own footage: score from this clip frame on (earlier frames analysed, not scored); with --frames, a range',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new Error(`--first-frame must be a whole number from 1, got "${v}"`);
        return n;
      },
    )
    .option('--slack <s>', 'boxes: a raised event may start or end this many seconds outside the true one', '5');
}

export interface OwnEvalFlags {
  clip?: string;
  truth?: string;
  truthFormat?: string;
  imageDir?: string;
  cameraSpec?: string;
  analytic?: string;
  learn?: string;
  usualModel?: string;
  slack: string;
  firstFrame?: number;
  settings?: string;
  fps?: number;
  width?: number;
  frames?: number;
  images?: number;
  out: string;
}

export function runOwnEvalFlags(c: OwnEvalFlags) {
  if (c.truthFormat !== undefined && !FORMATS.includes(c.truthFormat))
    throw new Error(`--truth-format must be ${FORMATS.join(', ')}, got "${c.truthFormat}"`);
  const slackS = Number(c.slack);
  if (!(slackS >= 0)) throw new Error(`--slack must be a number of seconds ≥ 0, got "${c.slack}"`);
  const list = (v?: string) =>
    v
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return runOwnEval({
    out: c.out,
    slackS,
    ...(c.clip && { clip: c.clip }),
    ...(c.truth && { truth: c.truth }),
    ...(c.truthFormat && { truthFormat: c.truthFormat as TruthFormat }),
    ...(c.imageDir && { imageDir: c.imageDir }),
    ...(c.cameraSpec && { cameraSpec: c.cameraSpec }),
    ...(c.settings && { settings: c.settings }),
    ...(c.analytic && { analytics: list(c.analytic) }),
    ...(c.learn && { learn: list(c.learn) }),
    ...(c.usualModel && { usualModel: c.usualModel }),
    ...(c.fps && { fps: c.fps }),
    ...(c.width && { width: c.width }),
    ...(c.frames && { frames: c.frames }),
    ...(c.firstFrame && { firstFrame: c.firstFrame }),
    ...(c.images && { images: c.images }),
  });
}
