"""In-process feeder: loops an MPEG-TS H.264 file as RTP into a local UDP port, paced in real time."""
from gi.repository import GLib, Gst


class FileFeeder:
    def __init__(self, path, port, log):
        self.path, self.port, self.log = path, port, log
        self.pipeline = None

    def start(self):
        self.pipeline = Gst.parse_launch(
            'filesrc location="%s" ! tsdemux ! h264parse config-interval=-1 ! '
            'rtph264pay pt=96 config-interval=-1 mtu=1400 ! udpsink host=127.0.0.1 port=%d sync=true'
            % (self.path.replace('"', ''), self.port))
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect('message', self.on_message)
        self.pipeline.set_state(Gst.State.PLAYING)

    def stop(self):
        if self.pipeline is not None:
            self.pipeline.get_bus().remove_signal_watch()
            self.pipeline.set_state(Gst.State.NULL)
            self.pipeline = None

    def on_message(self, _bus, msg):
        if msg.type == Gst.MessageType.EOS:
            # Loop: a flushing seek back to 0 restarts the file; the RTSP side re-timestamps on arrival.
            if not self.pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0):
                self.restart('seek failed')
        elif msg.type == Gst.MessageType.ERROR:
            err, _ = msg.parse_error()
            self.restart(err.message)

    def restart(self, why):
        self.log('feeder %s -> udp %d restarting: %s' % (self.path, self.port, why))
        self.stop()
        GLib.timeout_add(1000, lambda: self.start() or False)
