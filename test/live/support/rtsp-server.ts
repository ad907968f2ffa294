import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';

/** One RTP stream fed by UDP (from an ffmpeg `-f rtp` feeder) and offered at rtsp://HOST:PORT/<path>. */
export interface MountSpec {
  path: string;
  sdp: string;
  rtpPort: number;
  /** Basic auth required on every request, like a camera with a password. */
  auth?: { username: string; password: string };
}

interface Mount extends MountSpec {
  rtp: UdpSocket;
  rtcp: UdpSocket;
  players: Set<Socket>;
  down: boolean;
  frozen: boolean;
}

/**
 * A minimal RTSP server (DESCRIBE / SETUP / PLAY over TCP interleaved only) for tests and benchmarks where the
 * simulator's GStreamer server is not installed. Any number of clients per mount; a client whose socket backs
 * up is cut, never waited for.
 */
export class MiniRtspServer {
  private server: Server | undefined;
  private readonly mounts = new Map<string, Mount>();
  private readonly clients = new Set<Socket>();
  port = 0;
  /** Requests refused for missing or wrong credentials. */
  refusedAuth = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((s) => this.onClient(s));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  url(path: string): string {
    return `rtsp://127.0.0.1:${this.port}/${path}`;
  }

  /** Adds a mount, forwarding RTP (port) and RTCP (port + 1) from its UDP feeder to the players. */
  async mount(spec: MountSpec): Promise<void> {
    const bind = (port: number) =>
      new Promise<UdpSocket>((resolve, reject) => {
        const s = createSocket('udp4');
        s.once('error', reject);
        s.bind(port, '127.0.0.1', () => resolve(s));
      });
    const m: Mount = {
      ...spec,
      rtp: await bind(spec.rtpPort),
      rtcp: await bind(spec.rtpPort + 1),
      players: new Set(),
      down: false,
      frozen: false,
    };
    const forward = (channel: number) => (pkt: Buffer) => {
      if (m.frozen) return;
      const head = Buffer.from([0x24, channel, pkt.length >> 8, pkt.length & 0xff]);
      for (const p of m.players) {
        if (p.writableLength > 2 * 1024 * 1024) p.destroy();
        else p.write(Buffer.concat([head, pkt]));
      }
    };
    m.rtp.on('message', forward(0));
    m.rtcp.on('message', forward(1));
    this.mounts.set(spec.path, m);
  }

  /** Camera unreachable: players are cut and new DESCRIBEs get 404 until `up`. */
  down(path: string): void {
    const m = this.mounts.get(path);
    if (!m) return;
    m.down = true;
    for (const p of m.players) p.destroy();
  }

  up(path: string): void {
    const m = this.mounts.get(path);
    if (m) m.down = false;
  }

  /** Stall: sessions stay open but no packet is forwarded until `thaw`. */
  freeze(path: string, frozen = true): void {
    const m = this.mounts.get(path);
    if (m) m.frozen = frozen;
  }

  players(path: string): number {
    return this.mounts.get(path)?.players.size ?? 0;
  }

  async stop(): Promise<void> {
    for (const m of this.mounts.values()) {
      for (const p of m.players) p.destroy();
      m.rtp.close();
      m.rtcp.close();
    }
    this.mounts.clear();
    // Every connection, not only players: server.close() would otherwise wait on a half-set-up session.
    for (const c of this.clients) c.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private onClient(sock: Socket) {
    const session = randomBytes(6).toString('hex');
    this.clients.add(sock);
    let buf = Buffer.alloc(0);
    let mount: Mount | undefined;
    sock.on('error', () => sock.destroy());
    sock.on('close', () => {
      this.clients.delete(sock);
      mount?.players.delete(sock);
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        // Interleaved RTCP receiver reports from the client: skipped.
        if (buf[0] === 0x24) {
          if (buf.length < 4) return;
          const len = 4 + buf.readUInt16BE(2);
          if (buf.length < len) return;
          buf = buf.subarray(len);
          continue;
        }
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const bodyLen = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + bodyLen) return;
        buf = buf.subarray(end + 4 + bodyLen);
        const picked = this.answer(sock, head, session, mount);
        if (picked) mount = picked;
      }
    });
  }

  private answer(sock: Socket, head: string, session: string, current: Mount | undefined): Mount | undefined {
    const [method = '', url = ''] = head.split('\r\n')[0]!.split(' ');
    const cseq = /cseq:\s*(\d+)/i.exec(head)?.[1] ?? '0';
    const reply = (status: string, headers: Record<string, string> = {}, body = '') => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      sock.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    };
    const path = url.replace(/^rtsp:\/\/[^/]+\//, '').replace(/\/(streamid=\d+)?$/, '');
    const m = this.mounts.get(path) ?? current;
    if (m?.auth && method !== 'OPTIONS') {
      const want = `Basic ${Buffer.from(`${m.auth.username}:${m.auth.password}`).toString('base64')}`;
      const got = /authorization:\s*(.+)/i.exec(head)?.[1]?.trim();
      if (got !== want) {
        this.refusedAuth++;
        reply('401 Unauthorized', { 'WWW-Authenticate': 'Basic realm="camera"' });
        return undefined;
      }
    }
    if (method === 'OPTIONS' || method === 'GET_PARAMETER') {
      reply('200 OK', { Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER' });
    } else if (method === 'DESCRIBE' || method === 'SETUP') {
      if (!m || m.down) {
        reply('404 Not Found');
      } else if (method === 'DESCRIBE') {
        reply(
          '200 OK',
          { 'Content-Type': 'application/sdp', 'Content-Base': `${this.url(m.path)}/` },
          rewriteSdp(m.sdp),
        );
        return m;
      } else if (!/TCP/i.test(head)) {
        reply('461 Unsupported Transport');
      } else {
        reply('200 OK', { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1', Session: `${session};timeout=60` });
        return m;
      }
    } else if (method === 'PLAY') {
      if (!current || current.down) {
        reply('454 Session Not Found');
      } else {
        reply('200 OK', { Session: session, Range: 'npt=0.000-' });
        current.players.add(sock);
      }
    } else if (method === 'TEARDOWN') {
      reply('200 OK', { Session: session });
      sock.end();
    } else {
      reply('501 Not Implemented');
    }
    return undefined;
  }
}

/** ffmpeg's RTP SDP describes a UDP destination; clients of the RTSP server need a control URL instead. */
function rewriteSdp(sdp: string): string {
  const out: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (!line || line.startsWith('a=control')) continue;
    if (line.startsWith('c=')) out.push('c=IN IP4 0.0.0.0');
    else if (line.startsWith('m=')) out.push(line.replace(/^m=(\w+) \d+/, 'm=$1 0'), 'a=control:streamid=0');
    else out.push(line);
  }
  return `${out.join('\r\n')}\r\n`;
}
