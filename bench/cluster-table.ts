// The scaling bench's arithmetic, apart from its harness (so that its test loads nothing heavy): which node counts a
// machine can pin, and the table with each row's ratio to the one-node row of the same run.
import { availableParallelism } from 'node:os';
import { fmt } from './lib.js';

export interface ScalingRow {
  nodes: number;
  cameras: number;
  /** Frames analysed per second, each node's and their sum. */
  perNode: number[];
  fps: number;
  /** Share of the frames the cameras sent that were analysed. */
  share: number;
  /** Cores the analytics nodes and their decoders used, summed. */
  cores: number;
}

/** The node counts a machine of `cores` cores can pin: 1, 2, 3, as far as its cores go, and what that leaves out. */
export function nodeCounts(cores = availableParallelism()): { counts: number[]; note: string } {
  const counts = [1, 2, 3].filter((n) => n <= cores);
  const notes: string[] = [];
  if (cores < 3) notes.push(`3 nodes need ≥ 3 cores: this machine has ${cores}, so ${counts.join(' and ')} only.`);
  if (counts.at(-1) === cores)
    notes.push(
      `${cores} node${cores > 1 ? 's take' : ' takes'} every core: the simulator, NATS, PostgreSQL and the api node ` +
        'share them, so that row understates the scaling.',
    );
  const note = notes.join(' ');
  return { counts, note };
}

/** Kept up (≥ 99 % analysed: the load offered, not a capacity), saturated (its capacity), overloaded (< 70 %: far past its capacity, where throughput may fall below it). */
export const stateOf = (share: number) => (share >= 0.99 ? 'kept up' : share >= 0.7 ? 'saturated' : 'overloaded');

/** The scaling table; each row's ratio is its throughput against N times the one-node row of the same run. */
export function scalingTable(rows: ScalingRow[]): string[] {
  const one = rows.find((r) => r.nodes === 1)?.fps ?? Number.NaN;
  return [
    '| analytics nodes (1 core each) | cameras | frames analysed per s (per node) | equivalent cameras at 5 fps | share of frames analysed | cores used (nodes + their decoders) | ratio to N × one node | goal |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const ratio = r.fps / (r.nodes * one);
      return (
        `| ${r.nodes} | ${r.cameras} | ${fmt(r.fps, 1)} (${r.perNode.map((x) => fmt(x, 1)).join(' + ')}) | ` +
        `${fmt(r.fps / 5, 1)} | ${fmt(100 * r.share, 1)} % (${stateOf(r.share)}) | ${fmt(r.cores, 2)} | **${fmt(ratio, 2)}** | ` +
        `${r.nodes === 1 ? 'baseline' : ratio >= 0.9 ? '≥ 0.9: met' : '≥ 0.9: not met'} |`
      );
    }),
    ...advice(rows),
  ];
}

/** What to change when the one-node row does not measure a capacity. */
function advice(rows: ScalingRow[]): string[] {
  const one = rows.find((r) => r.nodes === 1);
  if (!one) return [];
  const state = stateOf(one.share);
  if (state === 'kept up')
    return [
      '',
      'One node kept up: the load did not saturate it, so the ratios measure the load offered. Run again with more cameras per node (VIGIE_BENCH_CLUSTER_CAMERAS).',
    ];
  if (state === 'overloaded')
    return [
      '',
      'One node analysed under 70 % of its frames: overloaded far past its capacity, where its throughput may fall below it (decoding and queueing frames it then drops). Run again with fewer cameras per node (VIGIE_BENCH_CLUSTER_CAMERAS).',
    ];
  return [];
}
