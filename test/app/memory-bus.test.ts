import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryBus } from '../../src/adapters/bus/memory.js';

test('the in-process bus: a failing subscriber is reported and never stops the others', () => {
  const seen: string[] = [];
  const errors: string[] = [];
  const bus = new MemoryBus((e, topic) => errors.push(`${topic}: ${(e as Error).message}`));
  bus.subscribe('fleet.*', () => {
    throw new Error('boom');
  });
  bus.subscribe('fleet.changed', () => seen.push('second'));
  bus.publish('fleet.changed', {});
  assert.deepEqual(seen, ['second']);
  assert.deepEqual(errors, ['fleet.changed: boom']);
});
