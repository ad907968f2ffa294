// PETS09 S2.L1 cut in two (ffmpeg, re-encoded, frame-exact): learn a camera on the first half, judge it on the second.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** PETS09-S2L1.mp4 has 795 frames (datasets README). */
const HALF = 397;

export async function petsHalves(file: string, dir: string): Promise<[string, string]> {
  const out: [string, string] = [join(dir, 'pets09-first.mp4'), join(dir, 'pets09-second.mp4')];
  const enc = ['-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18'];
  const ff = (args: string[]) => run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', file, ...args]);
  await ff(['-frames:v', String(HALF), ...enc, out[0]]);
  await ff(['-vf', `select=gte(n\\,${HALF}),setpts=PTS-STARTPTS`, ...enc, out[1]]);
  return out;
}
