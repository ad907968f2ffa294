// The arrows point one way (README, "Layout"): a layer imports only the layers below it. Read from the sources, so
// a new import across the grain fails here rather than in a review.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve('src');
/** Layer → the layers it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  media: ['analytics', 'eval', 'core', 'adapters', 'http', 'cli', 'app', 'config'],
  analytics: ['eval', 'core', 'adapters', 'http', 'cli', 'app', 'config'],
  eval: ['core', 'adapters', 'http', 'cli', 'app'],
  core: ['adapters', 'http', 'cli', 'app', 'eval'],
  adapters: ['http', 'cli', 'app'],
  http: ['adapters', 'app', 'cli'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('layers import only downwards', () => {
  const wrong: string[] = [];
  let imports = 0;
  for (const f of files(SRC)) {
    const layer = relative(SRC, f).split('/')[0]!;
    const banned = FORBIDDEN[layer];
    if (!banned) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      imports++;
      const target = relative(SRC, resolve(dirname(f), m[1]!)).split('/')[0]!;
      if (banned.includes(target)) wrong.push(`${relative(SRC, f)} → ${m[1]}`);
    }
  }
  assert.ok(imports > 500, `read ${imports} imports`);
  assert.deepEqual(wrong, []);
});
