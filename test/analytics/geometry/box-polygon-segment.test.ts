import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxIou, clipBox, iouMatrix } from '../../../src/analytics/geometry/box.js';
import {
  pointInPolygon,
  polygonArea,
  polygonCentroid,
  polygonProblem,
  polygonSelfIntersects,
} from '../../../src/analytics/geometry/polygon.js';
import { segmentIntersection, sideOfLine } from '../../../src/analytics/geometry/segment.js';

test('box IoU: identical, disjoint, half-overlapping, touching', () => {
  assert.equal(boxIou([0, 0, 10, 10], [0, 0, 10, 10]), 1);
  assert.equal(boxIou([0, 0, 10, 10], [20, 20, 5, 5]), 0);
  assert.equal(boxIou([0, 0, 10, 10], [10, 0, 10, 10]), 0);
  // Overlap 5x10 = 50, union 150.
  assert.ok(Math.abs(boxIou([0, 0, 10, 10], [5, 0, 10, 10]) - 1 / 3) < 1e-12);
  assert.equal(boxIou([0, 0, 0, 10], [0, 0, 0, 10]), 0);
  assert.deepEqual(
    iouMatrix(
      [[0, 0, 1, 1]],
      [
        [0, 0, 1, 1],
        [5, 5, 1, 1],
      ],
    ),
    [[1, 0]],
  );
  assert.deepEqual(clipBox([-5, 10, 20, 100], 100, 50), [0, 10, 15, 40]);
});

test('polygon area, centroid and point-in-polygon, either winding', () => {
  const square = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
  ] as const;
  const reversed = [...square].reverse();
  assert.equal(polygonArea(square), 16);
  assert.equal(polygonArea(reversed), 16);
  assert.deepEqual(polygonCentroid(square), [2, 2]);
  for (const poly of [square, reversed]) {
    assert.equal(pointInPolygon([2, 2], poly), true);
    assert.equal(pointInPolygon([5, 2], poly), false);
    assert.equal(pointInPolygon([4, 2], poly), true, 'on an edge counts as inside');
    assert.equal(pointInPolygon([0, 0], poly), true, 'on a vertex counts as inside');
  }
  // Concave "U": the notch is outside.
  const u = [
    [0, 0],
    [6, 0],
    [6, 6],
    [4, 6],
    [4, 2],
    [2, 2],
    [2, 6],
    [0, 6],
  ] as const;
  assert.equal(pointInPolygon([3, 4], u), false);
  assert.equal(pointInPolygon([1, 4], u), true);
  assert.equal(polygonArea(u), 36 - 8);
});

test('self-intersection: a bow-tie is refused, a concave polygon is not', () => {
  const bowTie = [
    [0, 0],
    [4, 4],
    [4, 0],
    [0, 4],
  ] as const;
  assert.equal(polygonSelfIntersects(bowTie), true);
  assert.match(polygonProblem(bowTie)!, /crosses itself/);
  const u = [
    [0, 0],
    [6, 0],
    [6, 6],
    [4, 6],
    [4, 2],
    [2, 2],
    [2, 6],
    [0, 6],
  ] as const;
  assert.equal(polygonSelfIntersects(u), false);
  assert.equal(polygonProblem(u), undefined);
  assert.match(
    polygonProblem([
      [0, 0],
      [1, 1],
    ])!,
    /at least 3/,
  );
  assert.match(
    polygonProblem([
      [0, 0],
      [1, 1],
      [2, 2],
    ])!,
    /no area/,
  );
});

test('segment intersection gives the point and the crossing direction', () => {
  // Directed line a→b pointing right along y = 5 (screen: y grows downwards).
  const a = [0, 5] as const;
  const b = [10, 5] as const;
  const down = segmentIntersection([3, 0], [3, 10], a, b)!;
  assert.deepEqual(down.point, [3, 5]);
  assert.equal(down.t, 0.5);
  assert.equal(down.u, 0.3);
  assert.equal(sideOfLine(a, b, [3, 10]), 1, 'below the line (screen) is the +1 side of a→b');
  assert.equal(down.direction, 1);
  assert.equal(segmentIntersection([3, 10], [3, 0], a, b)!.direction, -1);
  assert.equal(segmentIntersection([3, 0], [3, 4], a, b), undefined, 'stops short');
  assert.equal(segmentIntersection([11, 0], [11, 10], a, b), undefined, 'passes beside the segment');
  assert.equal(segmentIntersection([0, 0], [10, 0], a, b), undefined, 'parallel');
  assert.deepEqual(segmentIntersection([-5, 5], [2, 5], a, b)!.point, [0, 5], 'collinear overlap: first contact');
});

test('stepping onto a line and off again counts one crossing, not two', () => {
  const a = [0, 5] as const;
  const b = [10, 5] as const;
  const path = [
    [3, 0],
    [3, 5],
    [3, 10],
  ] as const;
  const dirs = [0, 1].map((i) => segmentIntersection(path[i]!, path[i + 1]!, a, b)?.direction ?? 0);
  assert.deepEqual(
    dirs.filter((d) => d !== 0),
    [1],
  );
  // Touching the line and going back: one crossing each way, net zero.
  const back = [
    [3, 0],
    [3, 5],
    [3, 0],
  ] as const;
  const dirs2 = [0, 1].map((i) => segmentIntersection(back[i]!, back[i + 1]!, a, b)?.direction ?? 0);
  assert.equal(
    dirs2.reduce<number>((s, d) => s + d, 0),
    0,
  );
});
