// Axis-aligned boxes as [left, top, width, height] in frame pixels (the Detection/Track contract).

/** The one box type of detections, tracks, rules, events and the store: [left, top, width, height]. */
export type Box = [number, number, number, number];

export function boxArea(b: Readonly<Box>): number {
  return Math.max(0, b[2]) * Math.max(0, b[3]);
}

/** Area of the overlap of two boxes (0 when disjoint). */
export function boxIntersection(a: Readonly<Box>, b: Readonly<Box>): number {
  const iw = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return iw > 0 && ih > 0 ? iw * ih : 0;
}

/** Intersection over union; 0 for disjoint or degenerate boxes. */
export function boxIou(a: Readonly<Box>, b: Readonly<Box>): number {
  const inter = boxIntersection(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** IoU of every pair: rows follow `as`, columns follow `bs`. */
export function iouMatrix(as: readonly Box[], bs: readonly Box[]): number[][] {
  return as.map((a) => bs.map((b) => boxIou(a, b)));
}

export function boxCenter(b: Readonly<Box>): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3] / 2];
}

/** Bottom-centre point: where a standing person or a vehicle touches the ground. */
export function boxFootPoint(b: Readonly<Box>): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3]];
}

/** The part of a box inside a width × height frame (zero-sized when fully outside). */
export function clipBox(b: Readonly<Box>, width: number, height: number): Box {
  const x1 = Math.min(Math.max(b[0], 0), width);
  const y1 = Math.min(Math.max(b[1], 0), height);
  const x2 = Math.min(Math.max(b[0] + b[2], 0), width);
  const y2 = Math.min(Math.max(b[1] + b[3], 0), height);
  return [x1, y1, x2 - x1, y2 - y1];
}

/** The box grown by `mx` on the left and right and `my` on the top and bottom. */
export function expandBox(b: Readonly<Box>, mx: number, my: number): Box {
  return [b[0] - mx, b[1] - my, b[2] + 2 * mx, b[3] + 2 * my];
}
