// The Range header as a <video> sends it, and the odd ones a server may ignore (RFC 9110 §14.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange } from '../../src/http/byte-range.js';

test('ranges a player sends: open-ended, bounded, clamped to the end, a suffix', () => {
  assert.deepEqual(parseRange('bytes=0-', 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=10-19', 1000), { start: 10, end: 19 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
});

test('past the end (or an empty suffix) is unsatisfiable: 416', () => {
  assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=5000-6000', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
});

test('no header, another unit, several ranges, malformed or reversed: the whole body', () => {
  for (const h of [undefined, '', 'items=0-1', 'bytes=0-1,5-6', 'bytes=-', 'bytes=a-b', 'bytes=20-10'])
    assert.equal(parseRange(h, 1000), undefined, String(h));
});
