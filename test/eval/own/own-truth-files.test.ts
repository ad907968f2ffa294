// Malformed ground truth is refused with the file, the line and what is wrong — through the CLI, a message and
// exit status 1, never a stack trace; and `vigie eval --help` shows the own-footage options.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ownSpec } from '../../../src/eval/own/own-spec.js';
import {
  readBoxesTruth,
  readHeadsTruth,
  readLabelsTruth,
  readMotTruth,
  TruthFileError,
} from '../../../src/eval/own/truth-files.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-truth-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const refused = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (e: Error) => e instanceof TruthFileError && message.test(e.message), String(message));

test('MOT and label lines: the line and the field named', () => {
  const mot = file('gt.txt', '1,1,10,10,20,40,1,-1,-1,-1\n\n2,1,10,10,x,40,1\n');
  refused(() => readMotTruth(mot), /gt\.txt line 3: field 5 is not a number, got "2,1,10,10,x,40,1"/);
  refused(() => readMotTruth(file('g2.txt', '0,1,10,10,20,40\n')), /line 1: the frame .* from 1/);
  refused(() => readMotTruth(file('g3.txt', '1,1,10,10,-20,40\n')), /line 1: width and height/);
  refused(() => readMotTruth(file('g4.txt', '1,1,10,10\n')), /line 1: expected MOT fields/);
  assert.deepEqual(readMotTruth(file('ok.txt', '# MOT\n3 7 1 2 3 4\n'))[0], {
    frame: 3,
    id: 7,
    box: [1, 2, 3, 4],
    score: 1,
  });
  const labels = file('l.txt', '# header\n1 0\n2 1\n3 2\n');
  refused(() => readLabelsTruth(labels), /l\.txt line 4: the label must be 0 \(normal\) or 1/);
  refused(() => readLabelsTruth(file('l2.txt', '1 0\n1 1\n')), /line 2: frame 1 is labelled twice/);
  assert.deepEqual(
    [...readLabelsTruth(file('l3.txt', '1 0\n2 1\n')).entries()],
    [
      [1, 0],
      [2, 1],
    ],
  );
});

test('JSON truths: syntax errors by line and column, schema errors by path and line', () => {
  refused(
    () => readBoxesTruth(file('a.json', '{\n  "events": [\n    {"kind": "fire",, "from": 1}\n  ]\n}')),
    /a\.json line 3 column \d+: not valid JSON/,
  );
  const wrong = file(
    'b.json',
    '{\n  "events": [\n    {"kind": "fire", "from": 1, "to": 5},\n    {"kind": "fire", "from": 9, "to": 4}\n  ]\n}',
  );
  refused(() => readBoxesTruth(wrong), /b\.json line 4: events\[1\]\.to: "to" must not come before "from"/);
  refused(
    () => readBoxesTruth(file('c.json', '{"events": [{"kind": "smoke", "from": 1, "to": 2}]}')),
    /events\[0\]\.kind/,
  );
  refused(() => readBoxesTruth(file('d.json', '{"evnets": []}')), /d\.json/);
  refused(() => readHeadsTruth(file('h.json', '{"count": 3, "heads": [[1, 2]]}')), /count is 3 but 1 heads/);
  assert.deepEqual(
    readBoxesTruth(file('e.json', '{"events": [{"kind": "fire", "from": 2, "to": 3, "box": [1, 2, 3, 4]}]}')).events[0]!
      .box,
    [1, 2, 3, 4],
  );
});

test('the CLI: a malformed truth is one line of explanation and status 1; --help lists the options', () => {
  const clip = file('clip.mp4', 'not read: the truth is checked first');
  const truth = file('bad.txt', '1,1,10,10,20,40\n2;1;10;10;20;40\n');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', ...args], { encoding: 'utf8' });
  const r = cli('--clip', clip, '--truth', truth, '--truth-format', 'mot', '--out', join(dir, 'o'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^vigie: truth file .*bad\.txt line 2: expected MOT fields/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const h = cli('--help');
  for (const o of ['--clip', '--truth', '--truth-format', '--image-dir', '--camera-spec', '--learn', '--analytic'])
    assert.ok(h.stdout.includes(o), o);
});

test('the spec evaluated: a camera spec as the API stores it (strict), a settings file with its rate, --analytic', () => {
  const camera = file(
    'camera.json',
    JSON.stringify({ enabled: true, fps: 3, width: 480, pipeline: { scoreThreshold: 0.4 } }),
  );
  const s = ownSpec({ cameraSpec: camera, analytics: ['fire', 'abandoned_object'] });
  assert.deepEqual([s.fps, s.width, s.pipeline!.scoreThreshold], [3, 480, 0.4]);
  assert.equal(s.pipeline!.situations.fire.enabled, true);
  assert.equal(s.pipeline!.situations.abandoned.enabled, true);
  assert.equal(s.pipeline!.situations.ground.enabled, false, 'only what was asked');
  const settings = file('settings.json', JSON.stringify({ fps: 2, inputSize: 320 }));
  const t = ownSpec({ settings, width: 360 });
  assert.deepEqual([t.fps, t.width, t.pipeline!.inputSize], [2, 360, 320]);
  assert.throws(
    () => ownSpec({ cameraSpec: file('bad.json', '{"pipeline": {"bogus": 1}}') }),
    /Unrecognized key: "bogus"/,
  );
  assert.throws(() => ownSpec({ analytics: ['smoke'] }), /--analytic smoke: unknown/);
  assert.throws(() => ownSpec({ cameraSpec: camera, settings }), /not both/);
});
