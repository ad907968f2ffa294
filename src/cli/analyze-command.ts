// `vigie analyze <file|rtsp-url>`: one camera's analytics on a file or a live stream, written in open formats:
// tracks.txt (MOT), events.jsonl (one event per line), scores.csv (per-frame activity) and summary.json.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { EventAssembler } from '../analytics/events/event-assembler.js';
import type { Box } from '../analytics/geometry/box.js';
import { specFromSettings } from '../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../analytics/pipeline/from-spec.js';
import { parsePipelineSettings } from '../analytics/pipeline/settings.js';
import { formatMot, tracksToMotRows } from '../eval/metrics/mot-format.js';
import { isNetworkInput } from '../media/decode/decode-args.js';
import { FrameSource } from '../media/decode/frame-source.js';
import { probeVideo } from '../media/ffmpeg/probe.js';
import type { Frame } from '../media/frames/frame.js';

export interface AnalyzeOptions {
  input: string;
  out: string;
  /** Scene configuration file (zones, lines, rules). */
  scene?: string;
  /** Pipeline settings file (JSON, PipelineSettingsSchema); flags below override it. */
  settings?: string;
  fps?: number;
  size?: 320 | 416;
  threads?: number;
  gating?: boolean;
  /** Detector arithmetic (default: the settings', fp32). */
  precision?: 'auto' | 'fp32' | 'int8';
  /** Full-frame detector input: square or fitted to the frame. */
  inputShape?: 'fit' | 'square';
  /** Detector on one frame in N, the tracker predicting in between. */
  detectEvery?: number;
  /** Decode width (aspect kept); default the source's. */
  width?: number;
  /** Stop after this many analysed frames. */
  frames?: number;
  /** COCO classes to detect and track (default: the settings', people and vehicles). */
  classes?: string[];
  /** A model from `vigie learn`: scores.csv then holds the unusual score (1 = the camera's threshold). */
  usualModel?: string;
  cameraId?: string;
  log?: (message: string, final?: boolean) => void;
}

interface LiveControl {
  dropped: number;
  stopped: boolean;
  wake?: () => void;
}

/** Live frames as they come, keeping only the newest while one is analysed (a live camera does not wait). */
async function* newestFrames(source: FrameSource, ctl: LiveControl): AsyncGenerator<Frame> {
  let next: Frame | undefined;
  source.on('frame', (f: Frame) => {
    if (next) ctl.dropped++;
    next = f;
    ctl.wake?.();
  });
  await source.start();
  while (!ctl.stopped) {
    if (!next) await new Promise<void>((r) => (ctl.wake = r));
    ctl.wake = undefined;
    if (!next) continue; // woken by a stop
    const f = next;
    next = undefined;
    yield f;
  }
}

export async function runAnalyze(o: AnalyzeOptions) {
  // The converted models carry a few unused initializers onnxruntime warns about on every session: not news to a user.
  ort.env.logLevel = 'error';
  const log = o.log ?? defaultLog();
  const base = o.settings ? JSON.parse(readFileSync(o.settings, 'utf8')) : {};
  const settings = parsePipelineSettings({
    ...base,
    ...(o.size && { inputSize: o.size }),
    ...(o.threads && { threads: o.threads }),
    ...(o.fps && { fps: o.fps }),
    ...(o.classes && { classes: o.classes }),
    ...(o.precision && { precision: o.precision }),
    ...(o.inputShape && { inputShape: o.inputShape }),
    ...(o.detectEvery && { detectEvery: o.detectEvery }),
    ...(o.gating !== undefined && { gating: { ...base.gating, enabled: o.gating } }),
    ...(o.usualModel && {
      situations: {
        ...base.situations,
        unusual: { ...base.situations?.unusual, enabled: true, modelFile: o.usualModel },
      },
    }),
  });
  const unusualOn = settings.situations.unusual.enabled;
  const scene = o.scene ? JSON.parse(readFileSync(o.scene, 'utf8')) : undefined;
  const cameraId = o.cameraId ?? 'camera';
  // The centre's own way from a camera's spec to its pipeline (the flags and settings file make the spec).
  const pipeline = await pipelineFromSpec(specFromSettings(settings, scene), { cameraId });
  const live = isNetworkInput(o.input);
  // Decoded smaller than the source: boxes are written in the source's pixels (where ground truth lives).
  const sourceSize = o.width ? await probeVideo(o.input).catch(() => undefined) : undefined;
  let sx = 1;
  let sy = 1;
  const scale = (b: readonly number[]): Box => [b[0]! * sx, b[1]! * sy, b[2]! * sx, b[3]! * sy];
  const source = new FrameSource({
    cameraId,
    input: o.input,
    format: 'yuv420p',
    live,
    ...(settings.fps && { fps: settings.fps }),
    ...(o.width && { width: o.width }),
  });
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const files = {
    tracks: join(out, 'tracks.txt'),
    events: join(out, 'events.jsonl'),
    scores: join(out, 'scores.csv'),
    summary: join(out, 'summary.json'),
  };
  const fd = {
    tracks: openSync(files.tracks, 'w'),
    events: openSync(files.events, 'w'),
    scores: openSync(files.scores, 'w'),
  };
  writeSync(fd.scores, 'frame,score\n');
  const events = new EventAssembler(cameraId, live ? 'epoch' : 'file');
  const ctl: LiveControl = { dropped: 0, stopped: false };
  const stop = () => {
    ctl.stopped = true;
    ctl.wake?.();
    void source.stop();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const ids = new Set<number>();
  const t0 = performance.now();
  let frames = 0;
  let last = 0;
  let lastLog = 0;
  let size = { width: 0, height: 0 };
  const writeEvents = (list: ReturnType<EventAssembler['add']>) => {
    for (const e of list)
      writeSync(
        fd.events,
        `${JSON.stringify({ ...e, ...(e.box && { box: scale(e.box).map((v) => Math.round(v * 10) / 10) }) })}\n`,
      );
  };
  try {
    for await (const frame of live ? newestFrames(source, ctl) : source.frames()) {
      const r = await pipeline.process(frame);
      // MOT frames are 1-based: the N-th decoded frame of the source (--fps leaves frames out, never renumbers).
      const n = frame.seq + 1;
      last = n;
      frames++;
      size = { width: frame.width, height: frame.height };
      for (const t of r.tracks) ids.add(t.id);
      if (sourceSize?.width && sourceSize.height)
        [sx, sy] = [sourceSize.width / frame.width, sourceSize.height / frame.height];
      writeSync(
        fd.tracks,
        formatMot(
          tracksToMotRows(
            n,
            r.tracks.map((t) => ({ id: t.id, box: scale(t.box), score: t.score })),
          ),
        ),
      );
      const score = unusualOn ? (r.unusualScore ?? 0) : r.motionScore;
      writeSync(fd.scores, `${n},${score.toFixed(6)}\n`);
      writeEvents(events.add([...r.ruleEvents, ...r.situationEvents], n));
      const now = performance.now();
      if (now - lastLog > 1000) {
        lastLog = now;
        const fps = (1000 * frames) / (now - t0);
        log(
          `frame ${n}: ${fps.toFixed(1)} fps, ${r.tracks.length} in view, ${ids.size} track ids, ${Object.values(events.byKind).reduce((a, b) => a + b, 0)} events`,
        );
      }
      if (o.frames !== undefined && frames >= o.frames) break;
    }
    writeEvents(events.add([...pipeline.finish(), ...pipeline.finishSituations()], last));
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await source.stop();
    await pipeline.close();
    for (const f of Object.values(fd)) closeSync(f);
  }
  const seconds = (performance.now() - t0) / 1000;
  const summary = {
    input: live ? o.input.replace(/\/\/[^@/]*@/, '//***@') : o.input,
    cameraId,
    finishedAt: new Date().toISOString(),
    frames,
    droppedFrames: ctl.dropped,
    frameSize: size,
    boxesIn: sx !== 1 || sy !== 1 ? 'source pixels (scaled from the decoded frames)' : 'decoded frame pixels',
    frameNumbering: settings.fps
      ? `1-based, the source's decoded frames (those kept at ${settings.fps} fps)`
      : "1-based, the source's decoded frames",
    seconds: Math.round(seconds * 10) / 10,
    fps: frames / Math.max(seconds, 1e-9),
    settings,
    scene: o.scene ?? null,
    stats: pipeline.stats(),
    trackIds: ids.size,
    events: {
      total: Object.values(events.byKind).reduce((a, b) => a + b, 0),
      byKind: events.byKind,
      byRule: events.byRule,
    },
    files: { tracks: 'tracks.txt', events: 'events.jsonl', scores: 'scores.csv' },
    scores: unusualOn
      ? 'unusual score over the camera threshold (1 = threshold; 0 while the model learns)'
      : 'share of the picture in motion (0..1)',
  };
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  log(
    `${frames} frames in ${summary.seconds} s (${summary.fps.toFixed(1)} fps), ${ids.size} track ids, ${summary.events.total} events → ${out}`,
    true,
  );
  return summary;
}

function defaultLog() {
  const tty = process.stderr.isTTY;
  return (m: string, final = false) =>
    process.stderr.write(tty && !final ? `\ranalyze: ${m}\x1b[K` : `${tty ? '\n' : ''}analyze: ${m}\n`);
}

const num =
  (name: string, int = false) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (int && !Number.isInteger(n)))
      throw new Error(`${name} must be a positive ${int ? 'whole ' : ''}number, got "${v}"`);
    return n;
  };

export function registerAnalyzeCommand(program: Command) {
  program
    .command('analyze')
    .description(
      "run one camera's analytics on a video file or stream; writes tracks.txt, events.jsonl, scores.csv, summary.json",
    )
    .argument('<input>', 'video file or stream URL (rtsp://…)')
    .option('--scene <file>', 'scene configuration (zones, lines, rules) as JSON')
    .option('--settings <file>', 'analytics settings as JSON (see PipelineSettingsSchema); flags override it')
    .option('--fps <n>', 'analyse the source frames that start each 1/N s (default: every decoded frame)', num('--fps'))
    .option('--size <px>', 'detector input size: 320 or 416')
    .option('--threads <n>', 'detector threads', num('--threads', true))
    .option('--no-gating', 'run the detector on every full frame')
    .option('--precision <p>', 'detector arithmetic: fp32, int8 or auto')
    .option('--input-shape <s>', 'full-frame detector input: square or fit (the frame aspect)')
    .option(
      '--detect-every <n>',
      'detector on one frame in N, the tracker predicting in between',
      num('--detect-every', true),
    )
    .option('--width <px>', 'decode width (aspect kept; default the source size)', num('--width', true))
    .option('--frames <n>', 'stop after N analysed frames', num('--frames', true))
    .option(
      '--classes <list>',
      'COCO classes to detect, comma-separated (default: person,bicycle,car,motorcycle,bus,truck)',
    )
    .option('--usual-model <file>', 'unusual-situation model from `vigie learn`: scores.csv holds its score')
    .option('--camera <id>', 'camera id written in the events', 'camera')
    .option('--out <dir>', 'output folder', 'analysis')
    .action(
      async (
        input: string,
        c: {
          scene?: string;
          settings?: string;
          fps?: number;
          size?: string;
          threads?: number;
          gating: boolean;
          precision?: string;
          inputShape?: string;
          detectEvery?: number;
          width?: number;
          frames?: number;
          classes?: string;
          usualModel?: string;
          camera: string;
          out: string;
        },
      ) => {
        if (c.size !== undefined && c.size !== '320' && c.size !== '416')
          throw new Error(`--size must be 320 or 416, got "${c.size}"`);
        if (c.precision !== undefined && !['auto', 'fp32', 'int8'].includes(c.precision))
          throw new Error(`--precision must be auto, fp32 or int8, got "${c.precision}"`);
        if (c.inputShape !== undefined && c.inputShape !== 'fit' && c.inputShape !== 'square')
          throw new Error(`--input-shape must be fit or square, got "${c.inputShape}"`);
        await runAnalyze({
          input,
          out: c.out,
          ...(c.scene && { scene: c.scene }),
          ...(c.settings && { settings: c.settings }),
          ...(c.fps && { fps: c.fps }),
          ...(c.size && { size: Number(c.size) as 320 | 416 }),
          ...(c.threads && { threads: c.threads }),
          ...(c.gating === false && { gating: false }),
          ...(c.precision && { precision: c.precision as 'auto' | 'fp32' | 'int8' }),
          ...(c.inputShape && { inputShape: c.inputShape as 'fit' | 'square' }),
          ...(c.detectEvery && { detectEvery: c.detectEvery }),
          ...(c.width && { width: c.width }),
          ...(c.frames && { frames: c.frames }),
          ...(c.classes && { classes: c.classes.split(',').map((x) => x.trim()) }),
          ...(c.usualModel && { usualModel: c.usualModel }),
          cameraId: c.camera,
        });
      },
    );
}
