// The system tools the centre's media roles drive, checked once at start: without them every camera would fail on
// its own (a python traceback per recorder, an offline alarm per camera) instead of one line saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import { checkSimulatorRequirements } from '../media/simulator/requirements.js';

export interface MediaCheck {
  ok: boolean;
  missing: string[];
  /** One line for the operator: what is missing, what does not run, and the command that fixes it. */
  message: string;
}

/** The command that installs the Debian packages, as this user would type it from where they are. */
export function setupCommand(cwd = process.cwd()): string {
  // Same relative path from src/app and dist/app.
  const script = fileURLToPath(new URL('../../scripts/setup-system.sh', import.meta.url));
  const rel = relative(cwd, script);
  const path = !existsSync(script) ? 'scripts/setup-system.sh' : rel.startsWith('..') ? script : rel;
  return `${process.getuid?.() === 0 ? '' : 'sudo '}bash ${path}`;
}

const runs = (tool: string) => spawnSync(tool, ['-version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

/**
 * Whether recording, live view and analytics can run (ffmpeg, ffprobe), and with `simulator` whether the demo's
 * RTSP camera simulator can (the GStreamer RTSP server, ffmpeg with libx264).
 */
export function checkMediaTools(cfg: Config, simulator: boolean): MediaCheck {
  const missing: string[] = [];
  if (!runs(cfg.ingest.ffmpegPath)) missing.push(`ffmpeg (${cfg.ingest.ffmpegPath})`);
  if (!runs('ffprobe')) missing.push('ffmpeg (ffprobe)');
  // The simulator's own list names ffmpeg and ffprobe too: counted once, above.
  if (simulator) missing.push(...checkSimulatorRequirements().missing.filter((m) => !m.startsWith('ffmpeg (')));
  const what = simulator
    ? 'the demo cameras are not simulated, nothing is recorded nor analysed'
    : 'nothing is recorded nor analysed, live view fails';
  return {
    ok: missing.length === 0,
    missing,
    message: `system packages missing: ${missing.join(', ')}; ${what}. Install them with: ${setupCommand()}`,
  };
}
