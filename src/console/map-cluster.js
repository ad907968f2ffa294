// What the map shows of each camera, and which dots gather into clusters. The colour is the truth (issue 19): a
// camera is "streaming" only when its stream is online (segments arriving), never because it is merely active.

/** From worst to best: a cluster shows the worst state among its cameras. */
export const STATES = ['alarm', 'offline', 'maintenance', 'decommissioned', 'planned', 'streaming'];

/**
 * @param {{status: string}} cam
 * @param {{state: string} | undefined} health the camera's entry of /api/streams/health
 * @param {boolean} alarmed an alarm of this camera is open
 */
export function stateOf(cam, health, alarmed) {
  if (alarmed) return 'alarm';
  if (cam.status === 'planned') return 'planned';
  if (cam.status === 'maintenance') return 'maintenance';
  if (cam.status === 'decommissioned') return 'decommissioned';
  // Active: streaming only while the ingest reports the stream online; starting, failing or absent is offline.
  return health?.state === 'online' ? 'streaming' : 'offline';
}

export const worst = (states) => STATES.find((s) => states.includes(s)) ?? 'streaming';

/**
 * Leader clustering in screen pixels: each camera not yet taken leads a cluster of every free camera within `gap`
 * of it. Leaders are then at least `gap` apart, so markers of radius < gap / 2 never overlap and never steal each
 * other's clicks (on the demo, 24 dots overlapped: clicking VAL-001 opened VAL-002).
 * @param {{cam: object, x: number, y: number, state: string}[]} points in drawing order
 * @returns {{x: number, y: number, members: typeof points}[]}
 */
export function cluster(points, gap) {
  const taken = new Set();
  const out = [];
  for (const p of points) {
    if (taken.has(p)) continue;
    const members = points.filter((q) => !taken.has(q) && Math.hypot(q.x - p.x, q.y - p.y) < gap);
    for (const q of members) taken.add(q);
    out.push({ x: p.x, y: p.y, members });
  }
  return out;
}

/**
 * At the closest zoom, cameras that still share a spot (two on one pole) are fanned out on a circle around it,
 * each with a line to where it really stands, so that each can be told apart and opened.
 */
export function fanOut(group, gap) {
  const n = group.members.length;
  const radius = Math.max(gap, (n * gap) / (2 * Math.PI));
  return group.members.map((m, i) => {
    const a = (2 * Math.PI * i) / n - Math.PI / 2;
    return { ...m, x: group.x + radius * Math.cos(a), y: group.y + radius * Math.sin(a), from: [m.x, m.y] };
  });
}

/** The zoom factor that brings the members of a cluster at least `gap` apart (Infinity when they share a spot). */
export function separatingFactor(members, gap) {
  let d = Infinity;
  for (const [i, a] of members.entries())
    for (const b of members.slice(i + 1)) d = Math.min(d, Math.hypot(a.x - b.x, a.y - b.y));
  return d > 0.01 ? (gap * 1.15) / d : Infinity;
}
