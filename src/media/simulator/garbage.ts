import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';

export interface GarbageServer {
  port: number;
  /** An rtsp:// URL pointing at it, for clients that expect a camera there. */
  url(path?: string): string;
  close(): Promise<void>;
}

export interface GarbageOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Random bytes written to each connection before hanging up. Default 64 KiB. */
  bytes?: number;
  /**
   * Never hang up: trickle 4 KiB every 20 ms until the client leaves (capped at 64 MiB). Note that ffmpeg's
   * RTSP client keeps reading such a stream past its -timeout (data keeps coming): only an overall deadline ends it.
   */
  endless?: boolean;
}

/** A TCP server that accepts any connection and writes random bytes at it: a camera port gone mad. */
export function startGarbageServer(opts: GarbageOptions = {}): Promise<GarbageServer> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.resume(); // whatever the client asks is read and ignored
    socket.on('error', () => {}); // peers hang up mid-write; that is the expected ending
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
    let timer: NodeJS.Timeout | undefined;
    if (!opts.endless) {
      socket.end(randomBytes(opts.bytes ?? 64 * 1024));
      return;
    }
    let sent = 0;
    const tick = () => {
      if (socket.destroyed) return;
      if (sent >= 64 * 1024 * 1024) return void socket.destroy();
      sent += 4096;
      // Respect backpressure: only write again once the previous chunk has drained.
      if (socket.write(randomBytes(4096))) timer = setTimeout(tick, 20);
      else socket.once('drain', () => (timer = setTimeout(tick, 20)));
    };
    tick();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        url: (path = '/garbage/main') => `rtsp://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${path}`,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
