// PETS09-S2L1 as a whole sequence for tracking tests: ground truth, and detector output on all 795 frames
// (computed once by streaming the video through one ffmpeg process, then cached as JSON in the OS temp folder).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OnnxDetector } from '../../../src/analytics/detect/onnx-detector.js';
import type { TrackerDetection } from '../../../src/analytics/track/track-types.js';
import { considered, type GtConvention, parseMot } from '../../../src/eval/metrics/mot-format.js';
import { testNanodetModel } from '../helpers/models.js';
import { PETS09_DIR, PETS09_VIDEO } from '../helpers/pets09.js';

export const PETS09_FPS = 7;
export const PETS09_FRAMES = 795;
export const PETS09_WIDTH = 768;
export const PETS09_HEIGHT = 576;
const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';

/** The detector settings of the cache: a low score threshold so that the tracker's second stage has material. */
export const DETECTOR = { inputSize: 416, scoreThreshold: 0.1, nmsIou: 0.5 } as const;

export function pets09GroundTruth(convention: GtConvention) {
  return considered(parseMot(readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')), convention);
}

/** Person detections of every frame (index 0 = gt frame 1), from the cache or by running the detector. */
export async function pets09Detections(log: (m: string) => void = () => {}): Promise<TrackerDetection[][]> {
  const model = await testNanodetModel(DETECTOR.inputSize);
  const dir = join(tmpdir(), 'vigie-test-cache');
  const key = `${basename(model, '.onnx')}-s${DETECTOR.scoreThreshold}-n${DETECTOR.nmsIou}`;
  const file = join(dir, `pets09-s2l1-detections-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TrackerDetection[][];
  const started = Date.now();
  const detector = await OnnxDetector.create({ modelPath: model, threads: 2, classes: ['person'], ...DETECTOR });
  const frames: TrackerDetection[][] = [];
  try {
    const size = PETS09_WIDTH * PETS09_HEIGHT * 3;
    const ff = spawn(FFMPEG, [
      '-nostdin',
      '-v',
      'error',
      '-i',
      PETS09_VIDEO,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ]);
    let buf: Buffer = Buffer.alloc(0);
    // Awaiting inside the loop pauses the pipe, so at most a few frames sit in memory.
    for await (const chunk of ff.stdout as AsyncIterable<Buffer>) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      while (buf.length >= size) {
        const data = new Uint8Array(buf.buffer, buf.byteOffset, size);
        const dets = await detector.detect({ width: PETS09_WIDTH, height: PETS09_HEIGHT, data });
        frames.push(dets.map((d) => ({ cls: d.cls, score: round(d.score), box: d.box.map(round) as Box4 })));
        buf = buf.subarray(size);
      }
    }
  } finally {
    await detector.close();
  }
  if (frames.length !== PETS09_FRAMES) throw new Error(`decoded ${frames.length} PETS09 frames`);
  log(`detector ran on ${frames.length} frames in ${((Date.now() - started) / 1000).toFixed(1)} s; cached in ${file}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(frames));
  renameSync(`${file}.tmp`, file); // atomic: a concurrent reader never sees half a file
  return frames;
}

type Box4 = [number, number, number, number];

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
