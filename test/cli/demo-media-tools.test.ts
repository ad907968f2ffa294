// A machine without ffmpeg nor GStreamer: `serve --demo` says so in one line with the fix, and starts no recorder nor
// analytics that would each fail (before: a python "FileNotFoundError: [Errno 2]" traceback per camera, in a loop).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkMediaTools } from '../../src/app/media-tools.js';
import { parseConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-notools-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

test('a missing ffmpeg is named with the command that installs it', () => {
  const r = checkMediaTools(parseConfig({ ingest: { ffmpegPath: join(dir, 'no-ffmpeg') } }), false);
  assert.equal(r.ok, false);
  assert.deepEqual(r.missing, [`ffmpeg (${join(dir, 'no-ffmpeg')})`]);
  assert.match(
    r.message,
    /nothing is recorded nor analysed.*Install them with: (sudo )?bash \S*scripts\/setup-system\.sh$/,
  );
});

test('serve --demo without ffmpeg: one line naming what is missing and the fix, no recorder started', {
  timeout: 60_000,
}, async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--sim-cameras', '2', '--sim-port', '19431'],
    {
      // An empty PATH: no ffmpeg, ffprobe nor anything else the centre would look up (python is found by path).
      env: {
        ...process.env,
        PATH: join(dir, 'empty-bin'),
        VIGIE_DATA_DIR: join(dir, 'data'),
        VIGIE_HTTP_PORT: '0',
        VIGIE_LOG_LEVEL: 'info',
        VIGIE_CONFIG: join(dir, 'none.yaml'),
      },
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 40_000;
  while (!out.includes('"centre started"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // Time for the recorders to fail, had any been started (the first failure comes within a second).
  await new Promise((r) => setTimeout(r, 3000));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const logs = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; recording?: boolean; analytics?: boolean });
  const problems = logs.filter((l) => l.level >= 40 && !/master key/.test(l.msg));
  assert.equal(problems.length, 1, `one warning: ${JSON.stringify(problems)}\n${err}`);
  assert.match(problems[0]!.msg, /^system packages missing: ffmpeg \(ffmpeg\), ffmpeg \(ffprobe\)/);
  assert.match(
    problems[0]!.msg,
    /demo cameras are not simulated.*Install them with: (sudo )?bash scripts\/setup-system\.sh$/,
  );
  assert.doesNotMatch(out + err, /Traceback|FileNotFoundError|ENOENT|camera stream state|analytics started/);
  const started = logs.find((l) => l.msg === 'centre started');
  assert.deepEqual([started?.recording, started?.analytics], [false, false]);
});
