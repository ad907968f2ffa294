// Optimal assignment (Hungarian / Jonker-Volgenant shortest augmenting paths with potentials), O(n² m).

/**
 * Minimum-cost assignment of a rectangular matrix of finite costs: every row is given a distinct column when
 * rows ≤ columns (otherwise every column a distinct row). Returns, per row, its column or -1.
 */
export function hungarian(cost: readonly (readonly number[])[]): number[] {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  if (rows === 0 || cols === 0) return new Array<number>(rows).fill(-1);
  if (rows > cols) {
    // Solve the transpose so that the side being fully assigned is the smaller one.
    const t = Array.from({ length: cols }, (_, j) => cost.map((r) => r[j]!));
    const colToRow = hungarian(t);
    const out = new Array<number>(rows).fill(-1);
    colToRow.forEach((r, j) => {
      if (r >= 0) out[r] = j;
    });
    return out;
  }
  // 1-based arrays as in the classic formulation; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const match = new Int32Array(cols + 1); // match[j] = row assigned to column j (0 = none)
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    match[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = match[j0]!;
      const row = cost[i0 - 1]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = row[j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[match[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0]!;
      match[j0] = match[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (match[j]! > 0) out[match[j]! - 1] = j - 1;
  return out;
}

export type Pair = [row: number, col: number];

/**
 * Tracking-style gated assignment: a pair may match only if its cost is below `limit`, and the matching maximises
 * the total saving Σ(limit − cost) (as lapjv's cost_limit does) — it may leave a row unmatched rather than pair it badly.
 */
export function gatedAssignment(cost: readonly (readonly number[])[], limit: number): Pair[] {
  const gain = cost.map((r) => r.map((c) => (Number.isFinite(c) && c < limit ? limit - c : 0)));
  return hungarian(gain.map((r) => r.map((g) => -g)))
    .map((col, row): Pair => [row, col])
    .filter(([row, col]) => col >= 0 && gain[row]![col]! > 0);
}

/**
 * Evaluation-style assignment: pairs whose cost is not finite or exceeds `maxCost` are forbidden; among the
 * matchings with the most allowed pairs, the one of least total cost (what CLEAR MOT and py-motmetrics use).
 */
export function maxCardinalityAssignment(cost: readonly (readonly number[])[], maxCost = Infinity): Pair[] {
  const allowed = (c: number) => Number.isFinite(c) && c <= maxCost;
  let span = 1;
  for (const r of cost) for (const c of r) if (allowed(c)) span = Math.max(span, Math.abs(c));
  // A forbidden pair costs more than any set of allowed pairs can, so fewer forbidden pairs always wins.
  const big = span * (cost.length + (cost[0]?.length ?? 0) + 1) * 4;
  const filled = cost.map((r) => r.map((c) => (allowed(c) ? c : big)));
  return hungarian(filled)
    .map((col, row): Pair => [row, col])
    .filter(([row, col]) => col >= 0 && allowed(cost[row]![col]!));
}
