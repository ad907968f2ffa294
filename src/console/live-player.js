// Plays one camera's live WebSocket feed (fMP4 over MSE) in a <video>, staying near the live edge.

/** Seconds behind the newest buffered frame beyond which playback speeds up, and beyond which it jumps. */
const CATCH_UP_S = 0.2;
const JUMP_S = 1.0;
/** Where a jump lands, before the newest frame: a little margin so playback does not starve at once. */
const JUMP_TO_S = 0.1;
/** Without an init segment this long after connecting, the camera is shown as unreachable (still waiting). */
const NO_SIGNAL_MS = 8000;
/** Seconds of played video kept in the SourceBuffer (older ranges are removed so memory stays flat). */
const KEEP_S = 10;

export class LivePlayer {
  /**
   * @param {HTMLVideoElement} video
   * @param {string} url ws(s):// URL of /api/live/:id
   * @param {{ onStatus?: (status: string) => void, onInit?: (init: object) => void, catchUpS?: number,
   *   jumpS?: number, jumpToS?: number }} [opts] onInit: each init message (privacy, revealUntil…), reconnects too
   */
  constructor(video, url, opts = {}) {
    this.video = video;
    this.url = url;
    this.onStatus = opts.onStatus ?? (() => {});
    this.onInit = opts.onInit ?? (() => {});
    this.catchUpS = opts.catchUpS ?? CATCH_UP_S;
    this.jumpS = opts.jumpS ?? JUMP_S;
    this.jumpToS = opts.jumpToS ?? JUMP_TO_S;
    this.queue = [];
    this.backoff = 1000;
    this.stopped = true;
    video.muted = true;
    video.playsInline = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.noSignal);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
    this.teardown();
  }

  /**
   * A new view now, without waiting for a close: the server decides blurred or clear when a view opens, so a reveal
   * made (or ended) by this user takes effect on the wall only through a fresh connection.
   */
  reconnect() {
    if (this.stopped) return;
    clearTimeout(this.retry);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
    // The pictures already buffered belong to the old view: none of them plays after the switch.
    this.teardown();
    this.backoff = 1000;
    this.connect();
  }

  connect() {
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.status('connecting');
    clearTimeout(this.noSignal);
    // The server speaks only once the camera does: silence means the camera is not answering.
    this.noSignal = setTimeout(() => this.ws === ws && this.status('no signal'), NO_SIGNAL_MS);
    ws.onopen = () => {
      this.backoff = 1000;
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      if (typeof e.data !== 'string') return this.enqueue(e.data);
      const msg = JSON.parse(e.data);
      if (msg.type === 'init') {
        clearTimeout(this.noSignal);
        this.onInit(msg);
        this.setup(msg.codec);
      } else if (msg.type === 'status') this.status(msg.status);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws || this.stopped) return;
      // 4403: the server ended the view (logout, rights withdrawn): retrying would only be refused.
      if (e.code === 4403) {
        this.status('ended');
        this.stopped = true;
        return;
      }
      // 4001: the reveal this clear view rested on has ended; at once, the blurred view (never a frozen clear one).
      if (e.code === 4001) {
        this.teardown();
        this.backoff = 1000;
        this.connect();
        return;
      }
      this.status('offline');
      this.retry = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 15000);
    };
  }

  status(s) {
    if (s === this.last) return;
    this.last = s;
    this.onStatus(s);
  }

  /** A (re)init: same codec continues the SourceBuffer ('sequence' mode hides the timestamp reset). */
  setup(codec) {
    const type = `video/mp4; codecs="${codec}"`;
    if (!codec || !MediaSource.isTypeSupported(type)) {
      this.status('unsupported');
      this.ws?.close();
      this.stopped = true;
      return;
    }
    if (this.codec === codec && this.ms) return;
    this.teardown();
    this.codec = codec;
    const ms = new MediaSource();
    this.ms = ms;
    const url = URL.createObjectURL(ms);
    this.video.src = url;
    ms.addEventListener(
      'sourceopen',
      () => {
        URL.revokeObjectURL(url);
        // Torn down (view closed, codec changed) between this event's queueing and its dispatch: the source is
        // detached (readyState closed) and addSourceBuffer would throw on the page.
        if (this.ms !== ms || ms.readyState !== 'open') return;
        const sb = ms.addSourceBuffer(type);
        sb.mode = 'sequence';
        sb.addEventListener('updateend', () => this.pump());
        this.sb = sb;
        this.pump();
      },
      { once: true },
    );
  }

  teardown() {
    this.sb = undefined;
    this.ms = undefined;
    this.codec = undefined;
    this.queue = [];
    this.video.removeAttribute('src');
    this.video.load();
  }

  enqueue(buf) {
    this.queue.push(new Uint8Array(buf));
    this.pump();
  }

  pump() {
    const sb = this.sb;
    if (!sb || sb.updating || this.ms?.readyState !== 'open') return;
    this.followEdge();
    if (this.trim(sb)) return;
    if (!this.queue.length) return;
    // Bursts (the GOP a new viewer gets) go in as one append.
    const parts = this.queue.splice(0);
    const data = parts.length === 1 ? parts[0] : concat(parts);
    try {
      sb.appendBuffer(data);
    } catch (e) {
      if (e.name !== 'QuotaExceededError') throw e;
      this.queue.unshift(data);
      const b = this.video.buffered;
      if (b.length) sb.remove(b.start(0), Math.max(b.start(0) + 0.1, this.video.currentTime - 1));
    }
    if (this.video.paused) this.video.play().catch(() => {});
  }

  /** Live means now: jump when far behind, play slightly faster when a little behind. */
  followEdge() {
    const v = this.video;
    const b = v.buffered;
    if (!b.length) return;
    const end = b.end(b.length - 1);
    const lag = end - v.currentTime;
    if (lag > this.jumpS || v.currentTime < b.start(b.length - 1)) {
      v.currentTime = Math.max(b.start(b.length - 1), end - this.jumpToS);
      v.playbackRate = 1;
    } else {
      v.playbackRate = lag > this.catchUpS ? 1.1 : 1;
    }
  }

  trim(sb) {
    const b = this.video.buffered;
    if (!b.length || this.video.currentTime - b.start(0) < 2 * KEEP_S) return false;
    sb.remove(b.start(0), this.video.currentTime - KEEP_S);
    return true;
  }
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The WebSocket URL of a camera's live feed, on this page's origin. */
export function liveUrl(cameraId, stream = 'sub') {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${location.host}/api/live/${encodeURIComponent(cameraId)}?stream=${stream}`;
}
