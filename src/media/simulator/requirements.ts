import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSTEM_PYTHON } from './server-process.js';

export const SIMULATOR_APT_FIX =
  'sudo apt-get install -y ffmpeg python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp ' +
  'gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad';

// GStreamer elements the server and its feeders instantiate, with the Debian package shipping each.
const ELEMENTS: Record<string, string> = {
  udpsrc: 'gstreamer1.0-plugins-good',
  udpsink: 'gstreamer1.0-plugins-good',
  rtph264depay: 'gstreamer1.0-plugins-good',
  rtph264pay: 'gstreamer1.0-plugins-good',
  qtdemux: 'gstreamer1.0-plugins-good',
  h264parse: 'gstreamer1.0-plugins-bad',
  tsdemux: 'gstreamer1.0-plugins-bad',
};

const PY_CHECK = `
import json, sys
try:
    import gi
except ImportError:
    print(json.dumps(["python3-gi (import gi)"])); sys.exit(0)
missing = []
try:
    gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0')
    from gi.repository import Gst, GstRtspServer
    Gst.init(None)
except (ValueError, ImportError) as e:
    print(json.dumps(["gir1.2-gst-rtsp-server-1.0 (GstRtspServer: %s)" % e])); sys.exit(0)
for name, pkg in json.loads(sys.argv[1]).items():
    if Gst.ElementFactory.find(name) is None:
        missing.append("%s (GStreamer element %s)" % (pkg, name))
print(json.dumps(missing))
`;

/** Whether this machine can run `vigie simulate`: system python with GstRtspServer, the elements, ffmpeg. */
export function checkSimulatorRequirements(python = SYSTEM_PYTHON): { ok: boolean; missing: string[]; fix: string } {
  const missing: string[] = [];
  if (!existsSync(python)) {
    missing.push(`${python} (python3)`);
  } else {
    const r = spawnSync(python, ['-c', PY_CHECK, JSON.stringify(ELEMENTS)], { encoding: 'utf8', timeout: 20_000 });
    try {
      missing.push(...(JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as string[]));
    } catch {
      missing.push(`python3-gi / GStreamer (check failed: ${(r.stderr || r.error?.message || '').trim().slice(-200)})`);
    }
  }
  for (const tool of ['ffmpeg', 'ffprobe']) {
    if (spawnSync(tool, ['-version'], { timeout: 10_000 }).status !== 0) missing.push(`ffmpeg (${tool})`);
  }
  // Scenes are encoded with libx264; a build without it cannot make clips.
  const enc = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000 });
  if (enc.status === 0 && !/\blibx264\b/.test(enc.stdout)) missing.push('ffmpeg with libx264 (encoder libx264)');
  return { ok: missing.length === 0, missing, fix: SIMULATOR_APT_FIX };
}
