import { spawn } from 'node:child_process';
import { type FfmpegCall, feedScript, redact, stdioFor } from './secret-input.js';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when we killed it because it ran past timeoutMs. */
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Cap on kept stdout/stderr characters each (the tail is kept); media tools can be chatty. */
  maxOutput?: number;
  /** Written to the child's fd 3 (an input script, see secret-input.ts). */
  script?: string;
}

/** Runs a media tool (ffmpeg, ffprobe...) without a shell, with a hard timeout; never rejects on exit codes. */
export function runTool(cmd: string, args: string[], opts: RunOptions = {}): Promise<ToolResult> {
  const max = opts.maxOutput ?? 1_000_000;
  return new Promise((resolve, reject) => {
    const call: FfmpegCall = { args, script: opts.script };
    const child = spawn(cmd, args, { stdio: stdioFor(call, ['ignore', 'pipe', 'pipe'] as const) });
    feedScript(child, call);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout = (stdout + d).slice(-max);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-max);
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Runs a tool and throws with its last stderr lines unless it exits 0. */
export async function runToolOk(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await runTool(cmd, args, opts);
  if (r.code !== 0) {
    const why = r.timedOut ? `timed out after ${opts.timeoutMs} ms` : `exit ${r.code ?? r.signal}`;
    throw new Error(`${cmd} ${why}: ${redact(lastLines(r.stderr, 4))}`);
  }
  return r.stdout;
}

export function lastLines(text: string, n: number): string {
  return text
    .trim()
    .split(/\r?\n|\r/)
    .slice(-n)
    .join(' | ');
}
