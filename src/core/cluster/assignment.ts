import { createHash } from 'node:crypto';

/** A live node of the role as the assignment sees it. cpu: 0..1 of its cores busy (measured by the node). */
export interface LiveNode {
  name: string;
  cpu: number;
}

export interface AssignmentInput {
  self: string;
  now: number;
  /** Cameras that need this role (recording enabled, or analytics configured). */
  cameras: readonly string[];
  /** Live nodes of the role, self included once registered. */
  nodes: readonly LiveNode[];
  /** Live leases: cameraId → holding node. */
  owners: ReadonlyMap<string, string>;
  /** At most this many cameras move between live nodes per period (a returning node is not flooded). */
  maxMovesPerPeriod: number;
  periodMs: number;
  /** The period (floor(now / periodMs)) in which this node last gave cameras away; -1 at start. */
  lastMovePeriod: number;
  /** A node at or above this CPU takes no new camera unless every node is. */
  cpuHigh: number;
}

export interface AssignmentPlan {
  claim: string[];
  release: string[];
  lastMovePeriod: number;
}

/** Rendezvous (highest random weight) score: every node computes the same, without talking to the others. */
export function rendezvous(cameraId: string, node: string): number {
  return createHash('sha1').update(`${cameraId}\u0000${node}`).digest().readUInt32BE(0);
}

/**
 * What this node should claim and release on this tick. Every node runs the same rule on (nearly) the same view, so
 * each only acts on its own part and the store's compare-and-set settles the rare disagreement.
 *
 * 1. Unowned cameras (new, released, or lapsed with a dead node) go one by one, in id order, to the live node holding
 *    the fewest cameras so far, ties broken by the rendezvous score, so a failed node's cameras spread evenly over the
 *    survivors at once. Nodes at cpuHigh or above are skipped while another is below it.
 * 2. Only when nothing is unowned, imbalance is corrected by moves: up to maxMovesPerPeriod per period, each from the
 *    most loaded node (ties: name) to the least loaded eligible one while they differ by 2 or more; the donor gives the
 *    camera that scores highest for the receiver. Periods are aligned on the clock (floor(now / periodMs)), so all
 *    nodes count moves in the same window, and each node gives at most max(1, floor(K / (n - 1))) per period, so a
 *    returning node receives at most K per period in all (max(K, n - 1) when K < n - 1) while the others keep recording,
 *    instead of a stampede of restarts.
 */
export function assign(input: AssignmentInput): AssignmentPlan {
  const { self, cameras, owners } = input;
  const plan: AssignmentPlan = { claim: [], release: [], lastMovePeriod: input.lastMovePeriod };
  const live = [...input.nodes].sort((a, b) => a.name.localeCompare(b.name));
  if (!live.some((n) => n.name === self)) return plan;
  const count = new Map(live.map((n) => [n.name, 0]));
  for (const id of cameras) {
    const o = owners.get(id);
    if (o !== undefined && count.has(o)) count.set(o, (count.get(o) ?? 0) + 1);
  }
  const cool = live.filter((n) => n.cpu < input.cpuHigh);
  const eligible = cool.length > 0 ? cool : live;
  const unowned = cameras.filter((id) => !owners.has(id)).sort();
  for (const id of unowned) {
    const to = leastLoaded(eligible, count, id);
    count.set(to, (count.get(to) ?? 0) + 1);
    if (to === self) plan.claim.push(id);
  }
  const period = Math.floor(input.now / input.periodMs);
  if (unowned.length > 0 || period <= input.lastMovePeriod) return plan;
  const held = new Map(live.map((n) => [n.name, cameras.filter((id) => owners.get(id) === n.name)]));
  for (let m = 0; m < input.maxMovesPerPeriod; m++) {
    const donor = live.reduce((a, b) => ((count.get(b.name) ?? 0) > (count.get(a.name) ?? 0) ? b : a)).name;
    const to = leastLoaded(eligible, count, '');
    if ((count.get(donor) ?? 0) - (count.get(to) ?? 0) < 2) break;
    const pool = held.get(donor) ?? [];
    const give = pool.reduce((a, b) => (rendezvous(b, to) > rendezvous(a, to) ? b : a));
    held.set(
      donor,
      pool.filter((id) => id !== give),
    );
    count.set(donor, (count.get(donor) ?? 0) - 1);
    count.set(to, (count.get(to) ?? 0) + 1);
    if (donor === self) plan.release.push(give);
  }
  // Each node decides on its own view at its own tick, so views differ within a period; capping every donor at its
  // share keeps the total per period at K whatever the views (n - 1 donors at most give K / (n - 1) each).
  plan.release = plan.release.slice(0, Math.max(1, Math.floor(input.maxMovesPerPeriod / Math.max(1, live.length - 1))));
  if (plan.release.length > 0) plan.lastMovePeriod = period;
  return plan;
}

function leastLoaded(nodes: readonly LiveNode[], count: ReadonlyMap<string, number>, cameraId: string): string {
  let best = nodes[0] as LiveNode;
  for (const n of nodes.slice(1)) {
    const d = (count.get(n.name) ?? 0) - (count.get(best.name) ?? 0);
    if (d < 0 || (d === 0 && rendezvous(cameraId, n.name) > rendezvous(cameraId, best.name))) best = n;
  }
  return best.name;
}
