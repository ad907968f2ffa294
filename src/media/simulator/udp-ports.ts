import { createSocket, type Socket } from 'node:dgram';

// Below Linux's ephemeral range (32768+), so feeders' own random source ports never collide with ours.
const LOW = 20000;
const HIGH = 32000;

function tryBind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(undefined);
    });
    s.bind(port, '127.0.0.1', () => resolve(s));
  });
}

/**
 * `count` even UDP ports P, each with P+1 free too (an ffmpeg RTP feeder sends RTCP to P+1),
 * probed by binding on 127.0.0.1. Start is random so parallel simulators rarely race for the same ports.
 */
export async function allocUdpPortPairs(count: number): Promise<number[]> {
  const held: Socket[] = [];
  const ports: number[] = [];
  const span = (HIGH - LOW) / 2;
  let p = LOW + 2 * Math.floor(Math.random() * span);
  try {
    for (let tries = 0; ports.length < count && tries < span; tries++, p = p + 2 >= HIGH ? LOW : p + 2) {
      const a = await tryBind(p);
      if (!a) continue;
      const b = await tryBind(p + 1);
      held.push(a);
      if (!b) continue;
      held.push(b);
      ports.push(p);
    }
  } finally {
    // Held until all are chosen so the same port is not handed out twice.
    await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
  if (ports.length < count) throw new Error(`only ${ports.length} free UDP port pairs in ${LOW}-${HIGH}`);
  return ports;
}
