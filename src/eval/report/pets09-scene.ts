// The evaluation's fixed inputs: the PETS09-S2L1 scene shipped with the rules, the clip's seqinfo.ini, and the
// machine description printed beside every speed figure.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Path of scenes/pets09-s2l1.json: beside the rules in the source tree (built code has no copy of the JSON). */
export function pets09ScenePath(): string {
  for (const rel of [
    '../../analytics/rules/scenes/pets09-s2l1.json',
    '../../../src/analytics/rules/scenes/pets09-s2l1.json',
  ]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('scene file not found (src/analytics/rules/scenes/pets09-s2l1.json)');
}

export interface SeqInfo {
  name: string;
  fps: number;
  frames: number;
  width: number;
  height: number;
}

/** MOTChallenge seqinfo.ini (name, frameRate, seqLength, imWidth, imHeight). */
export function parseSeqInfo(text: string): SeqInfo {
  const kv = new Map(
    text
      .split(/\r?\n/)
      .map((l) => /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const num = (k: string) => {
    const v = Number(kv.get(k));
    if (!(v > 0)) throw new Error(`seqinfo.ini: ${k} missing or not a positive number`);
    return v;
  };
  return {
    name: kv.get('name') ?? 'sequence',
    fps: num('frameRate'),
    frames: num('seqLength'),
    width: num('imWidth'),
    height: num('imHeight'),
  };
}

export function readSeqInfo(file: string): SeqInfo {
  return parseSeqInfo(readFileSync(file, 'utf8'));
}

export function machineDescription(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}`;
}
