import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Cores used by a set of processes over a window. */
export async function measureCores(pids: () => number[], seconds: number): Promise<number> {
  const list = pids();
  const before = list.map(cpuSeconds);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const used = list.reduce((sum, pid, i) => sum + Math.max(0, cpuSeconds(pid) - before[i]!), 0);
  return used / elapsed;
}

/** The `ffmpeg` processes whose parent is `ppid`, from /proc. */
function ffmpegChildren(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === ppid && comm === 'ffmpeg') out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds the ffmpeg children of `ppid` use from now on (those present now and those started later). */
export function childFfmpegCpu(ppid: number): { used(): number } {
  const base = new Map(ffmpegChildren(ppid).map((pid) => [pid, cpuSeconds(pid)]));
  return {
    used: () => {
      let sum = 0;
      for (const pid of new Set([...base.keys(), ...ffmpegChildren(ppid)])) {
        sum += Math.max(0, cpuSeconds(pid) - (base.get(pid) ?? 0));
      }
      return sum;
    },
  };
}
