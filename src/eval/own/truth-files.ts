// Ground-truth files a city brings for its own clips, read strictly: a malformed file is refused with the file, the
// line and what is wrong (an operator fixes an annotation export, not a stack trace). Formats are the ones Vigie's
// own evaluations read: MOT tracks (PETS09 gt.txt), Ped2 frame labels, ShanghaiTech head points, and boxes JSON.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MotRow } from '../metrics/mot-format.js';
import { type BoxesTruth, BoxesTruthSchema } from './truth-boxes.js';

export type TruthFormat = 'mot' | 'labels' | 'heads' | 'boxes';

/** A truth file the evaluation cannot use: the message names the file, the line and the problem. */
export class TruthFileError extends Error {
  override name = 'TruthFileError';
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new TruthFileError(`truth file ${file}: cannot be read (${(e as Error).message})`);
  }
}

/** Non-blank, non-comment lines with their 1-based line numbers. */
function lines(text: string): [number, string][] {
  return text
    .split(/\r?\n/)
    .map((l, i): [number, string] => [i + 1, l.trim()])
    .filter(([, l]) => l !== '' && !l.startsWith('#'));
}

/** MOT text: `frame,id,left,top,width,height[,score,x,y,z]`, frames from 1. */
export function readMotTruth(file: string): MotRow[] {
  const rows: MotRow[] = [];
  for (const [n, l] of lines(read(file))) {
    const f = l.split(/[\s,]+/).map(Number);
    const bad = (what: string) => new TruthFileError(`truth file ${file} line ${n}: ${what}, got "${l.slice(0, 80)}"`);
    if (f.length < 6) throw bad('expected MOT fields frame,id,left,top,width,height (6 or more)');
    const k = f.slice(0, 7).findIndex((v) => !Number.isFinite(v));
    if (k >= 0) throw bad(`field ${k + 1} is not a number`);
    if (!Number.isInteger(f[0]) || f[0]! < 1) throw bad('the frame (field 1) must be a whole number from 1');
    if (!Number.isInteger(f[1])) throw bad('the track id (field 2) must be a whole number');
    if (!(f[4]! > 0 && f[5]! > 0)) throw bad('width and height (fields 5, 6) must be positive');
    rows.push({ frame: f[0]!, id: f[1]!, box: [f[2]!, f[3]!, f[4]!, f[5]!], score: f[6] ?? 1 });
  }
  if (rows.length === 0) throw new TruthFileError(`truth file ${file}: no MOT rows`);
  return rows;
}

/** Frame labels: `frame abnormal(0/1)` per line, frames from 1; returns label per frame (index frame − 1). */
export function readLabelsTruth(file: string): Map<number, 0 | 1> {
  const out = new Map<number, 0 | 1>();
  for (const [n, l] of lines(read(file))) {
    const f = l.split(/[\s,]+/);
    const bad = (what: string) => new TruthFileError(`truth file ${file} line ${n}: ${what}, got "${l.slice(0, 80)}"`);
    if (f.length !== 2) throw bad('expected "frame label" (two fields)');
    const frame = Number(f[0]);
    if (!Number.isInteger(frame) || frame < 1) throw bad('the frame must be a whole number from 1');
    if (f[1] !== '0' && f[1] !== '1') throw bad('the label must be 0 (normal) or 1 (abnormal)');
    if (out.has(frame)) throw bad(`frame ${frame} is labelled twice`);
    out.set(frame, f[1] === '1' ? 1 : 0);
  }
  if (out.size === 0) throw new TruthFileError(`truth file ${file}: no labelled frames`);
  return out;
}

/** Where a JSON syntax error is, as "line L column C" (V8 says a character position). */
function jsonParse(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (!pos) throw new TruthFileError(`truth file ${file}: not valid JSON (${msg})`);
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    throw new TruthFileError(`truth file ${file} line ${line} column ${col}: not valid JSON (${msg})`);
  }
}

/** The line a JSON path's value starts on, found by walking the text for its keys (best effort: 0 if not found). */
function lineOf(text: string, path: readonly PropertyKey[]): number {
  let at = 0;
  for (const key of path) {
    if (typeof key === 'number') {
      // The key-th element of the array that starts at `at`: skip to its key+1-th opening brace or bracket.
      let seen = -1;
      for (let i = text.indexOf('[', at) + 1; i > 0 && i < text.length; i++) {
        if (text[i] === '{' || text[i] === '[') seen++;
        if (seen === key) {
          at = i;
          break;
        }
      }
    } else {
      const i = text.indexOf(`"${String(key)}"`, at);
      if (i < 0) return 0;
      at = i;
    }
  }
  return text.slice(0, at).split('\n').length;
}

function schemaCheck<S extends z.ZodType>(file: string, text: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const where = first.path.length
    ? first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    : '(top)';
  const line = lineOf(text, first.path);
  throw new TruthFileError(
    `truth file ${file}${line ? ` line ${line}` : ''}: ${where.replace(/^\./, '')}: ${first.message}` +
      (r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem(s))` : ''),
  );
}

/** Situations with when and where: the documented boxes JSON (truth-boxes.ts). */
export function readBoxesTruth(file: string): BoxesTruth {
  const text = read(file);
  return schemaCheck(file, text, BoxesTruthSchema, jsonParse(file, text));
}

const HeadsSchema = z.looseObject({
  count: z.number().int().min(0).describe('People annotated in the image.'),
  heads: z
    .array(z.tuple([z.number(), z.number()]))
    .optional()
    .describe('Each head as [x, y] in image pixels.'),
});

/** ShanghaiTech-style head points for one image: `{count, heads: [[x, y], …]}`. */
export function readHeadsTruth(file: string): { count: number; heads?: [number, number][] } {
  const text = read(file);
  const h = schemaCheck(file, text, HeadsSchema, jsonParse(file, text));
  if (h.heads && h.heads.length !== h.count)
    throw new TruthFileError(`truth file ${file}: count is ${h.count} but ${h.heads.length} heads are listed`);
  return { count: h.count, ...(h.heads && { heads: h.heads }) };
}
