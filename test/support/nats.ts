import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestNats {
  url: string;
  stop(): Promise<void>;
}

/** Why the NATS tests cannot run here, or null. Debian: `apt-get install nats-server` (2.9 or later). */
export function natsMissing(): string | null {
  const r = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'nats-server not installed (Debian 12: apt-get install nats-server)';
}

async function freePort(): Promise<number> {
  const fixed = Number(process.env.VIGIE_TEST_NATS_PORT);
  if (fixed) return fixed;
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A private JetStream server (store under a temp dir), so tests never share buckets with anything else. */
export async function startNats(): Promise<TestNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-nats-'));
  const child: ChildProcess = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir]);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not start in 5 s:\n${log}`)), 5000);
    child.stderr?.on('data', (d) => {
      log += d;
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`nats-server exited (${code}):\n${log}`)));
    child.on('error', (e) => reject(new Error(`nats-server could not start (${e.message}): ${natsMissing() ?? ''}`)));
  });
  return {
    url: `127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
