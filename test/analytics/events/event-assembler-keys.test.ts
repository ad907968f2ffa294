import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventAssembler } from '../../../src/analytics/events/event-assembler.js';
import type { RuleEvent } from '../../../src/analytics/rules/rule-types.js';

const ev = (ruleId: string, phase: RuleEvent['phase'], t: number): RuleEvent => ({
  kind: 'intrusion',
  ruleId,
  situationId: `${ruleId}#1`,
  trackIds: [1],
  score: 0.9,
  box: [0, 0, 10, 10],
  startedAt: 0,
  ...(phase === 'end' && { endedAt: t }),
  phase,
  severity: 'high',
  details: {},
});

test('per-rule counts keyed by user-chosen rule ids that are Object.prototype members count from zero', () => {
  const a = new EventAssembler('CAM', 'file');
  for (const id of ['constructor', 'toString', '__proto__', 'valueOf']) {
    a.add([ev(id, 'start', 0)], 1);
    a.add([ev(id, 'end', 40)], 2);
  }
  assert.deepEqual(Object.entries(a.byRule), [
    ['constructor', 1],
    ['toString', 1],
    ['__proto__', 1],
    ['valueOf', 1],
  ]);
  assert.equal(JSON.parse(JSON.stringify(a.byRule)).constructor, 1);
});
