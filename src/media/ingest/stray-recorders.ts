import { readdirSync, readFileSync } from 'node:fs';

/** Processes whose command line writes into `root` (Linux /proc); elsewhere none are found. */
function writersInto(root: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const mine = String(process.pid);
  return pids
    .filter((pid) => pid !== mine)
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((a) => a.startsWith(`${root}/`) && a.includes('/.incoming/'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Recorders left by a centre that died (kill -9, power cut of the parent only) may still be closing their files:
 * they are killed before the index is reconciled, so that nothing writes while leftovers are repaired.
 */
export async function killStrayRecorders(root: string, waitMs = 3000): Promise<number> {
  const strays = writersInto(root);
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + waitMs;
  while (strays.some((pid) => writersInto(root).includes(pid)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return strays.length;
}
