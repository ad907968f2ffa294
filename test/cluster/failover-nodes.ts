// What the failover test (failover.solo.test.ts) runs around the cluster: the footage with known events, node
// processes whose log lines say what each one analyses or records, and the CPU the whole test tree uses.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolOk } from '../../src/media/ffmpeg/run.js';
import { nodeConfig } from '../support/cluster.js';

/**
 * The footage: 4 s of a textured test picture, then 3 s of black (a covered lens), looped by the simulator. Ground
 * truth, checked with `vigie analyze` on five loops of it with TAMPER_SPEC's settings: exactly one `camera_tamper`
 * (covered) per loop, starting with the black, ended when the picture is back — and none when the analysis
 * starts in the black (the reference is learnt on the picture).
 */
export const PERIOD_MS = 7000;
export const COVER_MS = 3000;

export async function coverClip(): Promise<string> {
  const dir = join(tmpdir(), 'vigie-failover-clip');
  const file = join(dir, 'cover-4s-black-3s-320x240.mp4');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const part = `${file}.part.mp4`;
  await runToolOk('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc=s=320x240:r=10:d=4', '-f', 'lavfi', '-i', 'color=c=black:s=320x240:r=10:d=3'],
    ...['-filter_complex', '[0][1]concat=n=2:v=1[v]', '-map', '[v]'],
    ...['-c:v', 'libx264', '-g', '10', '-bf', '0', '-pix_fmt', 'yuv420p', part],
  ]);
  const { renameSync } = await import('node:fs');
  renameSync(part, file);
  return file;
}

/**
 * The cheapest spec that raises real alarms from this footage: the sub stream at 320 px, 2 fps, tamper only (on by
 * default), with short learn/persist/clear times so that a 7 s loop holds one whole situation. The detector still
 * loads (every pipeline has one) but the motion gate keeps it idle on a still picture.
 */
export const TAMPER_SPEC = {
  enabled: true,
  stream: 'sub',
  fps: 2,
  width: 320,
  pipeline: {
    precision: 'int8',
    inputSize: 320,
    inputShape: 'fit',
    detectEvery: 3,
    classes: ['person'],
    situations: { tamper: { enabled: true, learnSeconds: 1, persistSeconds: 0.5, clearSeconds: 1 } },
  },
};

/** One node's config: test/support/cluster.ts's, each covered loop its own alarm (counted against the loops one to one). */
export function writeNodeConfig(place: { url: string; dir: string }, node: string, nats: string, extra: string[]) {
  return nodeConfig(place, node, nats, ['alarms: { dedupWindowSeconds: 0 }', ...extra]);
}

export interface NodeProc {
  name: string;
  role: 'analytics' | 'recorder';
  proc: ChildProcess;
  /** Camera → when this node last logged that it started analysing it / that its stream came online. */
  started: Map<string, number>;
  /** Camera → when it logged "analytics started" (lease taken, pipeline open, decoder launched; recorders: unused). */
  begun: Map<string, number>;
  /** The node logged "centre started": its lease keepers run. */
  ready: boolean;
}

/** `vigie serve --role <role>`; its info lines say which cameras it analyses or records, and when. */
export function spawnNode(name: string, role: NodeProc['role'], file: string): NodeProc {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', role], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = new Map<string, number>();
  const begun = new Map<string, number>();
  const mark =
    role === 'analytics'
      ? /"camera":"([^"]+)".*"msg":"analytics first frame analysed"/
      : /"camera":"([^"]+)","state":"online".*"msg":"camera stream state"/;
  const node: NodeProc = { name, role, proc, started, begun, ready: false };
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      const m = mark.exec(l);
      if (m?.[1]) started.set(m[1], Date.now());
      if (l.includes('"msg":"centre started"')) node.ready = true;
      if (process.env.VIGIE_FAILOVER_DEBUG && /first frame|analytics started|ended situations/.test(l))
        process.stderr.write(`[${name}] ${Date.now()} ${l.slice(l.indexOf('"camera"'))}\n`);
      const b = /"camera":"([^"]+)".*"msg":"analytics started"/.exec(l);
      if (b?.[1]) begun.set(b[1], Date.now());
      else if (/"level":(50|60)/.test(l)) process.stderr.write(`[${name}] ${l}\n`);
    }
  });
  return node;
}

/** CPU seconds used so far by this process and all its descendants (nodes, ffmpeg, simulator, nats-server). */
export function treeCpuSeconds(root = process.pid): number {
  const tick = 100; // USER_HZ on Linux
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) / tick);
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p) ?? 0, n++) if (p === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, s] of cpu) if (inTree(pid)) sum += s;
  return sum;
}

/** Busy share of the whole machine between two /proc/stat readings (all agents on it, not only this test). */
export function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
