#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's own test runner (its summary line is what CI reads).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FAST } from './test-tiers.mjs';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

// `--fast`: the fast tier only (scripts/test-tiers.mjs); other arguments keep the files whose path contains one.
const fast = process.argv.includes('--fast');
const filter = process.argv.slice(2).filter((a) => a !== '--fast');
const files = find('test')
  .filter((f) => !fast || FAST.some((p) => f.startsWith(p)))
  .filter((f) => filter.length === 0 || filter.some((w) => f.includes(w)))
  .sort();
const concurrency = process.env.VIGIE_TEST_CONCURRENCY ?? '2';
const run = (list, c) => {
  // VIGIE_TEST_TAP=FILE also writes a TAP copy (each file's own duration_ms: what to trim when the suite grows).
  const tap = process.env.VIGIE_TEST_TAP;
  const reporters = tap
    ? [
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}${c === 1 ? '.solo' : ''}`,
      ]
    : ['--test-reporter=spec'];
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${c}`, ...reporters, ...list];
  return spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } }).status ?? 1;
};
// Files named *.solo.*.test.ts measure a latency the issue bounds (e.g. an alarm reaching the wall within 1 s): they
// run first, alone, so that their figure is the product's and not that of another test file sharing the 2 cores.
// The rest follow together; their summary is the last one printed.
const solo = files.filter((f) => f.includes('.solo.'));
const soloStatus = solo.length ? run(solo, 1) : 0;
const rest = files.filter((f) => !f.includes('.solo.'));
// (node --test given no file would look for every test file itself)
const status = rest.length ? run(rest, concurrency) : 0;
process.exit(soloStatus || status);
