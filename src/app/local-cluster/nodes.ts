import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Role } from '../../config/cluster-schema.js';

/** One `vigie serve --role …` child of `vigie cluster up`. */
export interface LocalNode {
  name: string;
  role: Exclude<Role, 'all'>;
  proc: ChildProcess;
  /** Resolves with the node's URL (api) or '' once it logged that it started; rejects if it exits first. */
  ready: Promise<string>;
}

// Settings of the parent that would override the node's own config file (load.ts reads them): the file decides.
const PARENT_ONLY = ['VIGIE_CONFIG', 'VIGIE_DATA_DIR', 'VIGIE_DATABASE_URL', 'VIGIE_HTTP_PORT', 'VIGIE_LOG_LEVEL'];

/**
 * Starts a node as this same CLI (same node binary and loader flags, so it works from the sources under tsx and from
 * the build alike), its output lines forwarded with the node's name in front.
 */
export function startNode(name: string, role: LocalNode['role'], configFile: string, out: (line: string) => void) {
  const env = { ...process.env };
  for (const k of PARENT_ONLY) delete env[k];
  const args = [...process.execArgv, process.argv[1] ?? '', '-c', configFile, 'serve', '--role', role];
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let started: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve, reject) => {
    started = resolve;
    proc.once('error', reject);
    proc.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it started`)));
  });
  ready.catch(() => {});
  let url = '';
  const forward = (line: string) => {
    out(`[${name}] ${line}`);
    // The node's own JSON log lines say when it is up (serve-command.ts); other lines are only forwarded.
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line) as { msg?: string; address?: string };
      if (entry.msg === 'vigie centre listening' && entry.address) url = entry.address;
      if (entry.msg === 'centre started') started(url);
    } catch {}
  };
  if (proc.stdout) createInterface({ input: proc.stdout }).on('line', forward);
  if (proc.stderr) createInterface({ input: proc.stderr }).on('line', forward);
  return { name, role, proc, ready } satisfies LocalNode;
}

const running = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

/** SIGTERM to every node (each gives its cameras and name back), SIGKILL to those still there after `graceMs`. */
export async function stopNodes(nodes: LocalNode[], graceMs = 20_000): Promise<void> {
  const live = nodes.filter((n) => running(n.proc));
  const exited = live.map((n) => new Promise((r) => (running(n.proc) ? n.proc.once('exit', r) : r(undefined))));
  for (const n of live) n.proc.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const n of live) if (running(n.proc)) n.proc.kill('SIGKILL');
  }, graceMs);
  await Promise.all(exited);
  clearTimeout(timer);
}
