#!/usr/bin/env node
// Checks, before the tests, that the system tools they drive are present, naming the exact fix.
import { spawnSync } from 'node:child_process';

const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const problems = [];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10))
  problems.push(`Node ${process.versions.node} is too old: install Node 20.10+ (22/24 LTS work too)`);
if (!ok('ffmpeg', ['-version'])) problems.push('ffmpeg is missing');
if (
  !ok('/usr/bin/python3', [
    '-c',
    'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer',
  ])
) {
  problems.push('the GStreamer RTSP server (python3-gi, gir1.2-gst-rtsp-server-1.0) is missing');
}
if (!ok('/usr/bin/chromium', ['--version'])) problems.push('Debian chromium (test browser) is missing');
if (problems.length) {
  console.error(
    `Vigie tests need system packages:\n- ${problems.join('\n- ')}\nFix: sudo bash scripts/setup-system.sh`,
  );
  process.exit(1);
}
