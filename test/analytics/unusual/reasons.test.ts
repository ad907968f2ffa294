// The unusual analytic's reasons say something true at every ratio: a factor only where it means something (a ratio
// is over the usual HIGH, so 1.02× is "faster than usual", never "1.0× faster"), nothing past usual under 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectFinding, ObjectRefs } from '../../../src/analytics/unusual/object-model.js';
import { objectReason, reasonText } from '../../../src/analytics/unusual/reasons.js';
import type { References } from '../../../src/analytics/unusual/references.js';

const refs: References = { value: Float32Array.of(1, 1), samples: Uint32Array.of(500, 500) };
const objectRefs: ObjectRefs = { a: 0.05, b: 0.2, speed: { '*': 1 }, size: { '*': 1 }, counts: { person: 1000 } };
const finding = (feature: 'speed' | 'size', ratio: number): ObjectFinding => ({
  obs: { id: 1, cls: 'person', x: 0.5, y: 0.5, h: 0.15, w: 0.06, speed: 1, box: [0, 0, 10, 30] },
  feature,
  ratio,
});

test('cell speed: the factor from 1.5×, words alone just past the usual, no claim under it', () => {
  assert.equal(reasonText('speed', 1.02, refs, 0), 'motion faster than usual here');
  assert.equal(reasonText('speed', 1.49, refs, 0), 'motion faster than usual here');
  assert.equal(reasonText('speed', 2.04, refs, 0), 'motion 2.0× faster than usual here');
  assert.equal(reasonText('speed', 0.7, refs, 0), 'motion no faster than usual here');
  assert.equal(reasonText('extent', 0.7, refs, 1), 'moving object no larger than usual here');
  assert.equal(reasonText('extent', 1.1, refs, 1), 'moving object larger than usual here');
});

test('object speed and size: never "1.0× faster"', () => {
  for (const r of [1, 1.04, 1.2, 1.49]) {
    assert.equal(objectReason(finding('speed', r), objectRefs), 'a person moving faster than usual here');
    assert.equal(objectReason(finding('size', r), objectRefs), 'a person larger than usual here');
  }
  assert.equal(objectReason(finding('speed', 3.14), objectRefs), 'a person moving 3.1× faster than usual here');
  assert.equal(objectReason(finding('size', 0.8), objectRefs), 'a person no larger than usual here');
  assert.equal(objectReason(finding('speed', 0.8), objectRefs), 'a person moving no faster than usual here');
});

test('a cell learning rarely saw moving: said so, whatever the ratio', () => {
  const rare: References = { value: Float32Array.of(1, 1), samples: Uint32Array.of(3, 3) };
  assert.equal(reasonText('speed', 1.02, rare, 0), 'motion where there is usually none');
});
