import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * A private nats-server with JetStream on a file store under a temp dir, so tests never share streams or buckets with
 * anything else; a test may kill it and start it again on the same store and port (a server restart mid-run).
 */
export class PrivateNats {
  readonly dir = mkdtempSync(join(tmpdir(), 'vigie-nats-'));
  private proc?: ChildProcess;
  port = 0;

  /** With `auth`, the server requires that user and password (the credentials tests). */
  constructor(private readonly auth?: { user: string; pass: string }) {}

  get url() {
    const who = this.auth ? `${this.auth.user}:${this.auth.pass}@` : '';
    return `nats://${who}127.0.0.1:${this.port}`;
  }

  async start() {
    this.port ||= await freePort();
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir];
    if (this.auth) args.push('--user', this.auth.user, '--pass', this.auth.pass);
    const proc = spawn('nats-server', args, { stdio: 'ignore' });
    this.proc = proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (e) =>
        reject(new Error(`nats-server could not start (${e.message}): ${natsMissing() ?? ''}`)),
      );
      proc.once('exit', (code) => reject(new Error(`nats-server exited (${code}) before listening on ${this.port}`)));
    });
    failed.catch(() => {});
    await Promise.race([waitForPort(this.port, 10_000), failed]);
  }

  /** SIGKILL by default: no graceful shutdown, no final flush — the harshest restart. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  }

  async stop() {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A started private server without credentials. */
export async function startNats(): Promise<PrivateNats> {
  const s = new PrivateNats();
  await s.start();
  return s;
}

async function waitForPort(port: number, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = createConnection(port, '127.0.0.1');
      s.once('connect', () => r(!!s.end()));
      s.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nats-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
