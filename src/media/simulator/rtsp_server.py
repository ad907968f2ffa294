#!/usr/bin/python3
"""Vigie camera simulator: one GStreamer RTSP server serving /CAMID/main and /CAMID/sub for N cameras.

Run with Debian's /usr/bin/python3 (python3-gi + gir1.2-gst-rtsp-server-1.0).
  rtsp_server.py --config cams.json        (or --config - : the first stdin line is the config)
Config: {"host": "127.0.0.1", "port": 8554, "threads": 16, "cameras": [{"id": "cam1", "streams": {
          "main": {"udpPort": 20000}, "sub": {"file": "/cache/sub.mp4", "udpPort": 20002}}}]}
  udpPort alone: H.264 RTP (payload 96) is pushed there by an external feeder (ffmpeg -re -stream_loop -1 -f rtp).
  file + udpPort: an in-process feeder loops that clip (.mp4 seamlessly, .ts with a seek) into the UDP port.
stdout: JSON lines; {"event": "ready", "port": P, "pid": N, "mounts": [...]} once serving, then one
  {"event": "ack", "seq": S, "ok": true|false, ...} per command; {"event": "error", ...} if it cannot listen.
stdin (after the config): JSON command lines {"seq": S, "cmd": C, "camera": id}, C one of
  drop     mounts removed (DESCRIBE gets 404) and connected clients cut
  freeze   sessions stay open (new ones are accepted) but no frame flows
  garbage  DESCRIBE/SETUP/PLAY for the camera are answered with random bytes; connected clients cut
  restore  back to normal (after a freeze, frames resume on the next keyframe)
  source   {"stream": "main"|"sub", "file": optional new clip}: clip swapped, clients cut, fresh SDP on reconnect
  ping
Exits 0 on SIGTERM/SIGINT or when stdin closes (the parent is gone); 2 if the port cannot be bound.
"""
import argparse
import json
import os
import signal
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
gi.require_version('GstRtsp', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
from sim_feeder import FileFeeder  # noqa: E402

RTP_CAPS = 'application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96'


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def log(msg):
    sys.stderr.write('[rtsp_server] %s\n' % msg)
    sys.stderr.flush()


class Camera:
    def __init__(self, spec):
        self.id = spec['id']
        self.streams = spec['streams']
        self.mode = 'ok'  # ok | dropped | frozen | garbage
        self.medias = {name: [] for name in self.streams}  # live shared RTSPMedia per stream
        self.probes = []  # (pad, probe id) dropping buffers while frozen


class SimServer:
    def __init__(self, cfg):
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(cfg.get('host', '127.0.0.1'))
        self.server.set_service(str(cfg.get('port', 8554)))
        # Several client threads: one client's blocked DESCRIBE (stalled stream) must not block the others.
        self.server.get_thread_pool().set_max_threads(int(cfg.get('threads', 16)))
        self.mounts = self.server.get_mount_points()
        self.cameras = {}
        self.feeders = {}  # (camera id, stream) -> FileFeeder
        self.pending = b''
        for spec in cfg['cameras']:
            cam = Camera(spec)
            self.cameras[cam.id] = cam
            self.mount(cam)
            for name, src in cam.streams.items():
                if src.get('file'):
                    self.feeders[(cam.id, name)] = FileFeeder(src['file'], src['udpPort'], log)
        self.server.connect('client-connected', self.on_client)

    # --- mounts ------------------------------------------------------------------------------
    def mount(self, cam):
        for name, src in cam.streams.items():
            f = GstRtspServer.RTSPMediaFactory()
            # Re-payload the fed RTP: clients get a clean session whatever the feeder's seq/timestamps.
            f.set_launch('( udpsrc port=%d address=127.0.0.1 caps="%s" buffer-size=1048576 ! '
                         'rtph264depay name=depay ! rtph264pay name=pay0 pt=96 config-interval=-1 )'
                         % (src['udpPort'], RTP_CAPS))
            f.set_shared(True)
            f.connect('media-configure', self.on_media, cam, name)
            self.mounts.add_factory('/%s/%s' % (cam.id, name), f)

    def unmount(self, cam):
        for name in cam.streams:
            self.mounts.remove_factory('/%s/%s' % (cam.id, name))

    def on_media(self, _factory, media, cam, name):
        cam.medias[name].append(media)
        media.connect('unprepared', lambda m: m in cam.medias[name] and cam.medias[name].remove(m))
        if cam.mode == 'frozen':
            self.freeze_media(cam, media)

    def kick(self, cam):
        """Close every client connection holding a session on one of the camera's mounts."""
        prefix = '/%s/' % cam.id
        for client in self.server.client_filter(None):
            hit = False
            for sess in client.session_filter(None):
                for sm in sess.filter(None):
                    ok, _ = sm.matches(prefix + 'main')
                    ok2, _ = sm.matches(prefix + 'sub')
                    hit = hit or ok or ok2 or sm.get_media() in cam.medias['main'] + cam.medias['sub']
            if hit:
                client.close()

    # --- freeze: drop buffers after depay while the RTSP session stays up -----------------------
    def freeze_media(self, cam, media):
        depay = media.get_element().get_by_name('depay')
        pad = depay.get_static_pad('src')
        cam.probes.append((pad, pad.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST,
                                              lambda *_: Gst.PadProbeReturn.DROP)))

    def thaw(self, cam):
        for pad, pid in cam.probes:
            pad.remove_probe(pid)
            # Resume on a keyframe so clients do not decode P-frames against a stale reference.
            pad.add_probe(Gst.PadProbeType.BUFFER, self.until_keyframe)
        cam.probes = []

    @staticmethod
    def until_keyframe(_pad, info):
        buf = info.get_buffer()
        if buf is not None and buf.has_flags(Gst.BufferFlags.DELTA_UNIT):
            return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.REMOVE

    # --- garbage: answer this camera's DESCRIBE/SETUP/PLAY with random bytes --------------------
    def on_client(self, _server, client):
        # Not pre-options-request: GStreamer 1.22 frees a stack message when that one returns an error (abort).
        for sig in ('pre-describe-request', 'pre-setup-request', 'pre-play-request'):
            client.connect(sig, self.on_request)

    def on_request(self, client, ctx):
        path = ctx.uri.abspath if ctx.uri is not None else ''
        cam = self.cameras.get(path.strip('/').split('/')[0])
        if cam is not None and cam.mode == 'garbage':
            try:
                client.get_connection().get_write_socket().send(os.urandom(4096), None)
            except GLib.Error:
                pass
            # The 503 lands after the garbage, so the reply is unparsable. No client.close(): closing from
            # here races the client's own thread and aborts the process.
            return GstRtsp.RTSPStatusCode.SERVICE_UNAVAILABLE
        return GstRtsp.RTSPStatusCode.OK

    # --- control ---------------------------------------------------------------------------
    def command(self, msg):
        cam = self.cameras.get(msg.get('camera'))
        cmd = msg.get('cmd')
        if cmd == 'ping':
            return {}
        if cam is None:
            raise ValueError('unknown camera %r' % msg.get('camera'))
        if cmd != 'source':
            self.restore(cam)
        if cmd == 'drop':
            cam.mode = 'dropped'
            self.unmount(cam)
            self.kick(cam)
        elif cmd == 'freeze':
            cam.mode = 'frozen'
            for media in cam.medias['main'] + cam.medias['sub']:
                self.freeze_media(cam, media)
        elif cmd == 'garbage':
            cam.mode = 'garbage'
            self.kick(cam)
        elif cmd == 'source':
            self.set_source(cam, msg.get('stream', 'main'), msg.get('file'))
        elif cmd != 'restore':
            raise ValueError('unknown command %r' % cmd)
        return {'mode': cam.mode}

    def set_source(self, cam, name, path):
        """Swap a stream's clip (e.g. new resolution); clients are disconnected and get a fresh SDP."""
        if name not in cam.streams:
            raise ValueError('unknown stream %r' % name)
        if path:
            old = self.feeders.pop((cam.id, name), None)
            if old is not None:
                old.stop()
            feeder = FileFeeder(path, cam.streams[name]['udpPort'], log)
            self.feeders[(cam.id, name)] = feeder
            feeder.start()
        if cam.mode != 'dropped':
            self.unmount(cam)
            self.kick(cam)
            self.mount(cam)

    def restore(self, cam):
        if cam.mode == 'dropped':
            self.mount(cam)
        elif cam.mode == 'frozen':
            self.thaw(cam)
        cam.mode = 'ok'

    def on_stdin(self, fd, _cond):
        chunk = os.read(fd, 65536)  # raw read: buffered readline would hide queued lines from the watch
        if not chunk:
            log('stdin closed, exiting')
            self.loop.quit()
            return False
        self.pending += chunk
        while b'\n' in self.pending:
            line, self.pending = self.pending.split(b'\n', 1)
            if line.strip():
                self.handle_line(line)
        return True

    def handle_line(self, line):
        msg = {}
        try:
            msg = json.loads(line)
            emit(dict(event='ack', seq=msg.get('seq'), ok=True, **self.command(msg)))
        except Exception as e:  # noqa: BLE001 - any bad command is reported, never fatal
            emit({'event': 'ack', 'seq': msg.get('seq') if isinstance(msg, dict) else None, 'ok': False,
                  'error': str(e)})

    def run(self, watch_stdin):
        self.loop = GLib.MainLoop()
        if self.server.attach(None) == 0:
            emit({'event': 'error', 'error': 'cannot listen on port %s' % self.server.get_service()})
            return 2
        for feeder in self.feeders.values():
            feeder.start()
        for sig in (signal.SIGTERM, signal.SIGINT):
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda: self.loop.quit() or False)
        if watch_stdin:
            GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, self.on_stdin)
        emit({'event': 'ready', 'port': self.server.get_bound_port(), 'pid': os.getpid(),
              'mounts': ['/%s/%s' % (c, s) for c in self.cameras for s in self.cameras[c].streams]})
        self.loop.run()
        for feeder in self.feeders.values():
            feeder.stop()
        return 0


def read_line(fd):
    """One line from fd, byte by byte, so later command lines stay unread in the pipe."""
    out = b''
    while not out.endswith(b'\n'):
        b = os.read(fd, 1)
        if not b:
            break
        out += b
    return out.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--config', required=True, help='JSON config file, or - for the first stdin line')
    ap.add_argument('--port', type=int, help='override the config port (0 = any free port)')
    ap.add_argument('--no-stdin', action='store_true', help='do not read commands from stdin')
    args = ap.parse_args()
    cfg = json.loads(read_line(0) if args.config == '-' else open(args.config).read())
    if args.port is not None:
        cfg['port'] = args.port
    Gst.init(None)
    sys.exit(SimServer(cfg).run(not args.no_stdin))


if __name__ == '__main__':
    main()
