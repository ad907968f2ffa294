import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  parseSceneConfig,
  SceneConfigSchema,
  zoneAreaSquareMetres,
} from '../../../src/analytics/rules/scene-config.js';
import { square } from './synthetic.js';

const zone = square('yard', 0.1, 0.1, 0.5, 0.5);

/** The messages of a refused scene, joined. */
function refusal(input: unknown): string {
  const r = SceneConfigSchema.safeParse(input);
  assert.equal(r.success, false, 'the scene should be refused');
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

test('a minimal scene gets its defaults', () => {
  const s = parseSceneConfig({ zones: [zone], rules: [{ kind: 'intrusion', id: 'r1', zoneId: 'yard' }] });
  assert.equal(s.version, 1);
  assert.deepEqual(s.lines, []);
  assert.deepEqual(s.rules[0], {
    kind: 'intrusion',
    id: 'r1',
    zoneId: 'yard',
    enabled: true,
    severity: 'medium',
    classes: ['person'],
    minDwellSeconds: 0,
  });
});

test('malformed zones are refused with a message naming the problem', () => {
  const bowTie = {
    id: 'bow',
    name: 'bow',
    polygon: [
      [0.1, 0.1],
      [0.5, 0.5],
      [0.5, 0.1],
      [0.1, 0.5],
    ],
  };
  assert.match(refusal({ zones: [bowTie] }), /zones\.0\.polygon: zone "bow": the polygon crosses itself/);
  const two = {
    id: 'two',
    name: 'two',
    polygon: [
      [0.1, 0.1],
      [0.5, 0.5],
    ],
  };
  assert.match(refusal({ zones: [two] }), /zones\.0\.polygon: a zone polygon needs at least 3 points, got 2/);
  const out = {
    id: 'out',
    name: 'out',
    polygon: [
      [0.1, 0.1],
      [1.2, 0.1],
      [0.5, 0.5],
    ],
  };
  assert.match(refusal({ zones: [out] }), /zones\.0\.polygon\.1\.0: x is outside the frame/);
  const flat = {
    id: 'flat',
    name: 'flat',
    polygon: [
      [0.1, 0.1],
      [0.2, 0.2],
      [0.3, 0.3],
    ],
  };
  assert.match(refusal({ zones: [flat] }), /zone "flat": the polygon has no area/);
  assert.match(refusal({ zones: [{ ...zone, id: 'bad id!' }] }), /zones\.0\.id: an id may only contain/);
  assert.match(refusal({ zones: [{ ...zone, colour: 'red' }] }), /colour/); // strict: unknown keys refused
});

test('lines need two distinct points and a known direction', () => {
  const line = { id: 'l', name: 'l', from: [0.2, 0.2], to: [0.2, 0.2], allowedDirection: 'left_to_right' };
  assert.match(refusal({ lines: [line] }), /line "l": its two points \(nearly\) coincide/);
  assert.match(
    refusal({ lines: [{ ...line, to: [0.8, 0.2], allowedDirection: 'north' }] }),
    /allowedDirection must be one of/,
  );
});

test('rules must point at existing zones and lines, with the fields their form needs', () => {
  const line = { id: 'gate', name: 'gate', from: [0.2, 0.8], to: [0.2, 0.2], allowedDirection: 'left_to_right' };
  const base = { zones: [zone], lines: [line] };
  assert.match(
    refusal({ ...base, rules: [{ kind: 'intrusion', id: 'r', zoneId: 'nope' }] }),
    /rules\.0\.zoneId: rule "r" refers to zone "nope", which this scene does not define/,
  );
  assert.match(refusal({ ...base, rules: [{ kind: 'wrong_way', id: 'w' }] }), /needs exactly one of lineId or zoneId/);
  assert.match(
    refusal({ ...base, rules: [{ kind: 'wrong_way', id: 'w', zoneId: 'yard' }] }),
    /on a zone needs allowedDirectionDegrees/,
  );
  assert.match(
    refusal({ ...base, rules: [{ kind: 'wrong_way', id: 'w', lineId: 'gate', minSpeed: 1 }] }),
    /on a line takes no minSpeed/,
  );
  const both = { ...line, id: 'count', allowedDirection: 'both' };
  assert.match(
    refusal({ ...base, lines: [both], rules: [{ kind: 'wrong_way', id: 'w', lineId: 'count' }] }),
    /allows both directions/,
  );
  assert.match(
    refusal({ ...base, rules: [{ kind: 'crowd_density', id: 'd', zoneId: 'yard', maxPerSquareMetre: 2 }] }),
    /works in metres and needs the scene's calibration/,
  );
  assert.match(
    refusal({ ...base, rules: [{ kind: 'crowd_density', id: 'd', zoneId: 'yard' }] }),
    /needs exactly one of maxPeople or maxPerSquareMetre/,
  );
  assert.match(
    refusal({ ...base, rules: [{ kind: 'loitering', id: 'x', zoneId: 'yard' }] }),
    /rule kind must be one of intrusion, wrong_way, crowd_density/,
  );
  assert.match(refusal({ zones: [zone, zone] }), /zone id "yard" is used twice/);
});

test('calibration: 4 non-collinear pairs; zone areas in m²', () => {
  // The whole frame seen straight down as a 20 m x 10 m rectangle.
  const calibration = {
    points: [
      { image: [0, 0], ground: [0, 10] },
      { image: [1, 0], ground: [20, 10] },
      { image: [1, 1], ground: [20, 0] },
      { image: [0, 1], ground: [0, 0] },
    ],
  };
  const s = parseSceneConfig({
    zones: [zone],
    calibration,
    rules: [{ kind: 'crowd_density', id: 'd', zoneId: 'yard', maxPerSquareMetre: 2 }],
  });
  assert.ok(Math.abs(zoneAreaSquareMetres(s.zones[0]!, s.calibration!) - 0.4 * 20 * 0.4 * 10) < 1e-6);
  const collinear = { points: calibration.points.map((p, i) => (i === 3 ? { ...p, image: [0.5, 0] } : p)) };
  assert.match(refusal({ calibration: collinear }), /calibration unusable: three of the four points are collinear/);
  assert.match(
    refusal({ calibration: { points: calibration.points.slice(0, 3) } }),
    /needs at least 4 point pairs, got 3/,
  );
});

test('the PETS09-S2L1 scene shipped for `vigie eval` is valid', () => {
  const file = new URL('../../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url);
  const s = parseSceneConfig(JSON.parse(readFileSync(file, 'utf8')));
  assert.ok(s.rules.some((r) => r.kind === 'intrusion') && s.rules.some((r) => r.kind === 'wrong_way'));
});

test('parseSceneConfig throws one error listing the problems', () => {
  assert.throws(
    () => parseSceneConfig({ zones: [{ id: 'a', name: 'a', polygon: [] }] }),
    /invalid scene configuration:[\s\S]*at least 3 points, got 0/,
  );
});
