import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

// Issue 23's refusals through the real CLI: one line on stderr, a non-zero exit, nothing started (no data dir).
// Two spawns only (each loads the whole CLI); the other refusals are proven in start-checks.test.ts.
const root = mkdtempSync(join(tmpdir(), 'vigie-refuse-'));
const NATS = 'nats://127.0.0.1:4222';
const PG_DOWN = 'postgres://postgres@127.0.0.1:14244/vigie';
after(() => rmSync(root, { recursive: true, force: true }));

function configFile(name: string, yaml: string) {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, `dataDir: ${join(root, name)}\nlog:\n  level: warn\nlive:\n  privacy: 'off'\n${yaml}`);
  return file;
}
const cluster = (servers: string, auth = '') =>
  `database:\n  url: ${PG_DOWN}\ncluster:\n  nodeName: node-1\n  nats:\n    servers: [${servers}]\n    connectTimeoutMs: 1500\n${auth}`;
const serve = (file: string, role: string) =>
  new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const args = ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', role];
    const child = execFile(process.execPath, args, { timeout: 60_000 }, (_err, _out, stderr) =>
      resolve({ status: child.exitCode, stderr }),
    );
  });
const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  return lines[0] ?? '';
};

// Side by side: the CLI's start-up is most of their time.
describe('serve refusals', { concurrency: 2 }, () => {
  test('a node that cannot reach NATS refuses to start with one line, before touching its data', async () => {
    const r = await serve(configFile('nonats', cluster('nats://127.0.0.1:14249')), 'api');
    assert.equal(r.status, 1);
    assert.match(oneLine(r.stderr), /^vigie: cannot reach NATS at nats:\/\/127\.0\.0\.1:14249: .*ECONNREFUSED/);
    assert.equal(existsSync(join(root, 'nonats')), false, 'nothing was created');
  });

  test('a recorder whose recordings path is not writable refuses with one line and the errno', async () => {
    // Root writes through file modes: there, a sysfs path (EPERM) stands for the unwritable share.
    let dir = '/sys/vigie-recordings';
    if (process.getuid?.() !== 0) {
      dir = join(root, 'readonly', 'recordings');
      mkdirSync(join(root, 'readonly'));
      chmodSync(join(root, 'readonly'), 0o500);
    }
    const r = await serve(configFile('rofs', `${cluster(NATS)}recordings:\n  dir: ${dir}\n`), 'recorder');
    assert.equal(r.status, 1);
    assert.match(
      oneLine(r.stderr),
      new RegExp(`^vigie: recordings path ${dir} is not writable by this node: E[A-Z]+$`),
    );
  });
});
