// The privacy bench's figures as the markdown section of docs/benchmarks.md (method included).
import { loadavg } from 'node:os';
import { fmt, machine } from './lib.js';

export const WARMUP_S = 4;
export const SECONDS = Number(process.env.VIGIE_BENCH_PRIVACY_SECONDS ?? 20);

export interface Run {
  path: 'clear' | 'blurred';
  size: string;
  /** The camera's frame rate. */
  camFps: number;
  /** Cores used by the centre: its process (event loop + blur worker) and its ffmpeg children. */
  cores: number;
  selfCores: number;
  childCores: number;
  fps: number;
  latencies: number[];
  unreadable: number;
  dropped: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

export function report(cpu: Run[], lat: Run[]): string {
  const c = (x: number) => fmt(x, 2);
  const cpuRows = cpu.map(
    (r) =>
      `| ${r.size} @ ${r.camFps} fps | ${r.path} | **${c(r.cores)}** | ${c(r.selfCores)} | ${c(r.childCores)} | ${fmt(r.fps, 1)} | ${fmt((r.cores / r.fps) * 1000, 1)} | ${r.dropped} |`,
  );
  const latRows = lat.map(
    (r) =>
      `| ${r.size} | ${r.path} | ${fmt(pct(r.latencies, 50), 0)} / ${fmt(pct(r.latencies, 95), 0)} / ${fmt(Math.max(...r.latencies), 0)} ms | ${r.latencies.length} (${r.unreadable} unreadable) | ${fmt(r.fps, 1)} |`,
  );
  const added = (size: string, p: number) => {
    const [clear, blurred] = ['clear', 'blurred'].map((k) => lat.find((r) => r.size === size && r.path === k)!);
    return fmt(pct(blurred!.latencies, p) - pct(clear!.latencies, p), 0);
  };
  const extra = (size: string, fps: number) => {
    const [clear, blurred] = ['clear', 'blurred'].map(
      (k) => cpu.find((r) => r.size === size && r.camFps === fps && r.path === k)!,
    );
    return c(blurred!.cores - clear!.cores);
  };
  const behind = cpu
    .filter((r) => r.path === 'blurred' && r.fps < 0.9 * r.camFps)
    .map(
      (r) =>
        ` At ${r.size} ${r.camFps} fps the one-worker pool keeps up with only ${fmt(r.fps, 1)} pictures a second: its cores are capped by the worker, not what blurring every picture would cost.`,
    )
    .join('');
  return `## Live privacy blur: CPU and added latency (issue 21)

Machine: ${machine()}; load average at the end ${loadavg()
    .map((x) => fmt(x, 2))
    .join(' ')} (the 2 cores are shared with other work: CPU
time is measured per process, so it is little affected, latency more).

**CPU per stream.** The camera simulator streams PETS09-S2L1 (real footage, scaled to each size by the simulator, H.264
like a camera), at 7 fps as recorded and at 25 fps (each picture repeated 3-4 times: the decoders and encoders have
less to do on a repeated picture than on real motion, the blur the same work, so the 25 fps rows somewhat understate
a real 25 fps camera); one \`LiveRelay\` with one viewer, either copying the stream (\`ffmpeg -c copy\` to
fMP4: today's clear feed) or with the \`filter\` of \`PrivacyFilters\` (decode → \`PrivacyBlurrer\` on the one-worker pool
with the light NanoDet pass at 320 px, score ≥ 0.3, every 400 ms, plus the moving areas → x264 ultrafast zerolatency
fMP4), as the centre builds it (\`centreBlurConfig\`). After the first fragment and a ${WARMUP_S} s warm-up, ${SECONDS} s are measured: cores =
(the bench process's \`process.cpuUsage()\`, which holds the relay and the blur worker thread, + the CPU time of its
\`ffmpeg\` children read from \`/proc/<pid>/stat\`) / wall time. The simulator's server is another process, not counted.

| stream | path | cores used | centre process | ffmpeg children | pictures delivered / s | CPU ms per picture | pictures dropped by the pool (measured window) |
|---|---|---|---|---|---|---|---|
${cpuRows.join('\n')}

A blurred stream costs, over a copied one, **${extra('640x480', 7)} core** at 640x480 and **${extra('1920x1080', 7)} core** at
1920x1080 at 7 fps; **${extra('640x480', 25)} core** and **${extra('1920x1080', 25)} core** at 25 fps. The detector pass is at a
fixed rate (every 400 ms), the rest is per picture. Walls should get the blurred sub stream (640x480); a 2-core
machine can blur only a few streams at once. A picture the pool cannot take in time is dropped (held on screen,
never shown clear): the last column.${behind}

**Added latency.** A camera stand-in (ffmpeg x264 ultrafast over RTP behind an RTSP server, 25 fps) is fed pictures
that carry \`Date.now()\` painted as 64 black/white blocks at the moment they are made; the blocks are the blur's own
cells (16 px at 480 lines, 36 px at 1080), so a pixelated block keeps its value and the clock stays readable. The
viewer, in the same process (same clock), notes the arrival time of each fragment (one picture per fragment); after
the run the received stream is decoded and each picture's clock read: latency = arrival − painted time, camera encode
included in both paths. First 3 s skipped.

| stream | path | camera picture → fragment at the viewer p50 / p95 / max | pictures read | pictures / s |
|---|---|---|---|---|
${latRows.join('\n')}

The blur adds **${added('640x480', 50)} ms** at the median (${added('640x480', 95)} ms at p95) at 640x480 and **${added('1920x1080', 50)} ms**
(${added('1920x1080', 95)} ms at p95) at 1920x1080: the decode, the blur on the worker and the second encode. It does not
include the WebSocket and the player (the same for both paths: see the live latency section).`;
}
