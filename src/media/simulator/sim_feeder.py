"""In-process feeder: loops an H.264 clip (MP4 or MPEG-TS) as RTP into a local UDP port, paced in real time."""
from gi.repository import GLib, Gst


class FileFeeder:
    def __init__(self, path, port, log):
        self.path, self.port, self.log = path, port, log
        self.pipeline = None
        self.timer = 0

    def start(self):
        self.timer = 0
        self.playing = False
        # MP4 (qtdemux) supports segment seeks, so the loop is seamless; TS falls back to a flushing seek.
        self.segments = self.path.endswith('.mp4')
        demux = 'qtdemux' if self.segments else 'tsdemux'
        self.pipeline = Gst.parse_launch(
            'filesrc location="%s" ! %s ! h264parse config-interval=-1 ! '
            'rtph264pay pt=96 config-interval=-1 mtu=1400 ! udpsink host=127.0.0.1 port=%d sync=true'
            % (self.path.replace('"', ''), demux, self.port))
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect('message', self.on_message)
        self.pipeline.set_state(Gst.State.PAUSED)

    def stop(self):
        if self.timer:
            GLib.source_remove(self.timer)
            self.timer = 0
        if self.pipeline is not None:
            self.pipeline.get_bus().remove_signal_watch()
            self.pipeline.set_state(Gst.State.NULL)
            self.pipeline = None

    def on_message(self, _bus, msg):
        t = msg.type
        if t == Gst.MessageType.ASYNC_DONE and not self.playing:
            self.playing = True  # prerolled once: arm the looping seek, then run
            if self.segments:
                self.seek(Gst.SeekFlags.FLUSH | Gst.SeekFlags.SEGMENT)
            self.pipeline.set_state(Gst.State.PLAYING)
        elif t == Gst.MessageType.SEGMENT_DONE:
            self.seek(Gst.SeekFlags.SEGMENT)  # non-flushing: running time keeps counting, no gap
        elif t == Gst.MessageType.EOS:
            self.seek(Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT)
        elif t == Gst.MessageType.ERROR:
            err, _ = msg.parse_error()
            self.restart(err.message)

    def seek(self, flags):
        if not self.pipeline.seek_simple(Gst.Format.TIME, flags, 0):
            self.restart('seek failed')

    def restart(self, why):
        self.log('feeder %s -> udp %d restarting: %s' % (self.path, self.port, why))
        self.stop()
        self.timer = GLib.timeout_add(1000, lambda: self.start() or False)
