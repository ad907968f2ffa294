import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private nats-server with JetStream on a file store, that a test may kill and start again on the same store. */
export class PrivateNats {
  readonly dir = mkdtempSync(join(tmpdir(), 'vigie-nats-'));
  private proc?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly auth = { user: 'vigie', pass: 'secret' },
  ) {}

  get url() {
    return `nats://${this.auth.user}:${this.auth.pass}@127.0.0.1:${this.port}`;
  }

  async start() {
    const args = ['-p', String(this.port), '-js', '-sd', this.dir, '--user', this.auth.user, '--pass', this.auth.pass];
    this.proc = spawn('nats-server', args, { stdio: 'ignore' });
    await waitForPort(this.port, 10_000);
  }

  /** SIGKILL: no graceful shutdown, no final flush — the harshest restart. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  }

  async dispose() {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
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
