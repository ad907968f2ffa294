import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allowedExpression, checkLicences } from '../../scripts/check-licences.js';

test('every installed production dependency has a licence on the AGPL-compatible allow-list', () => {
  const r = checkLicences(process.cwd());
  console.log(`licences: ${r.checked} installed production packages checked (${r.notInstalled} not installed here)`);
  assert.ok(r.checked > 100, `only ${r.checked} packages found: is node_modules installed?`);
  assert.deepEqual(r.failures, []);
});

test('SPDX expressions: OR needs one allowed side, AND both, WITH keeps the licence', () => {
  assert.equal(allowedExpression('MIT'), true);
  assert.equal(allowedExpression('(BSD-3-Clause OR GPL-2.0)'), true);
  assert.equal(allowedExpression('Apache-2.0 AND LGPL-3.0-or-later AND MIT'), true);
  assert.equal(allowedExpression('GPL-3.0-or-later WITH Classpath-exception-2.0'), true);
  assert.equal(allowedExpression('MIT AND SSPL-1.0'), false);
  assert.equal(allowedExpression('GPL-2.0-only'), false, 'GPLv2-only cannot be combined with the AGPLv3');
  assert.equal(allowedExpression('SEE LICENSE IN LICENSE.txt'), false);
  assert.equal(allowedExpression('UNLICENSED'), false);
  assert.equal(allowedExpression('(MIT'), false);
});

test('a missing, unknown or proprietary licence fails, naming the package; dev dependencies are not checked', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-licences-'));
  try {
    const pkgs: Record<string, Record<string, unknown>> = {
      'node_modules/ok-mit': { name: 'ok-mit', version: '1.0.0', license: 'MIT' },
      'node_modules/ok-legacy': { name: 'ok-legacy', version: '1.0.0', licenses: [{ type: 'BSD-2-Clause' }] },
      'node_modules/no-licence': { name: 'no-licence', version: '2.0.0' },
      'node_modules/sspl-db': { name: 'sspl-db', version: '3.0.0', license: 'SSPL-1.0' },
      'node_modules/ok-mit/node_modules/nested-prop': { name: 'nested-prop', version: '0.1.0', license: 'UNLICENSED' },
      'node_modules/dev-only': { name: 'dev-only', version: '1.0.0', license: 'SSPL-1.0' },
    };
    for (const [path, pkg] of Object.entries(pkgs)) {
      mkdirSync(join(root, path), { recursive: true });
      writeFileSync(join(root, path, 'package.json'), JSON.stringify(pkg));
    }
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        ...Object.fromEntries(Object.keys(pkgs).map((p) => [p, p.includes('dev-only') ? { dev: true } : {}])),
        'node_modules/other-platform': { optional: true, license: 'MIT' },
      },
    };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    const r = checkLicences(root);
    assert.equal(r.checked, 5);
    assert.equal(r.notInstalled, 1);
    assert.deepEqual(r.failures.sort(), [
      'nested-prop@0.1.0: licence "UNLICENSED" is not on the allow-list',
      'no-licence@2.0.0: no licence declared',
      'sspl-db@3.0.0: licence "SSPL-1.0" is not on the allow-list',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
