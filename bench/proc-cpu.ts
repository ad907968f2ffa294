import { readFileSync } from 'node:fs';

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
