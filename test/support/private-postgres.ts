import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why a private PostgreSQL cannot run here, or null: it needs PostgreSQL 15's binaries, and root to run as postgres. */
export function privatePostgresMissing(): string | null {
  if (!existsSync(join(BIN, 'initdb'))) return `PostgreSQL 15 binaries not found in ${BIN}`;
  if (process.getuid?.() !== 0) return 'a private PostgreSQL is started as user postgres: needs root (runuser)';
  if (spawnSync('id', ['postgres']).status !== 0) return 'no postgres user';
  return null;
}

const free = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * A PostgreSQL 15 of the test's own (initdb in a temp dir, trust auth, 127.0.0.1 on a free port), which the test may
 * stop and start again: the machine's PostgreSQL is shared by other work and is never restarted by a test.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'vigie-pg-'));
  port = 0;

  private as(cmd: string, args: string[]) {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init() {
    chmodSync(this.dir, 0o700);
    chownSync(
      this.dir,
      Number(spawnSync('id', ['-u', 'postgres']).stdout),
      Number(spawnSync('id', ['-g', 'postgres']).stdout),
    );
    this.as('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    this.port = await free();
    await this.start();
  }

  /** `-w`: returns once the server accepts connections. */
  async start() {
    const opts = `-p ${this.port} -h 127.0.0.1 -k ${this.dir} -c fsync=off`;
    this.as('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', opts, '-w', 'start']);
  }

  /** Fast shutdown: the server ends every session, as a restart by an operator does. */
  async stop() {
    this.as('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async dispose() {
    try {
      await this.stop();
    } catch {}
    rmSync(this.dir, { recursive: true, force: true });
  }
}
