import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded one; quiet flags so it makes no outside connection. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Muted video autoplays anyway; this keeps background tiles from being throttled.
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
}

export interface TileSample {
  camera: string;
  /** video.currentTime gained between the two samples, seconds. */
  advancedS: number;
  /** Pixels of a 64x36 downscale that changed between the two samples. */
  changedPixels: number;
  /** Frames presented in between (requestVideoFrameCallback). */
  frames: number;
}

/**
 * Page-side code (a string: the test runner's transpiler must not touch what runs in the browser): for each video,
 * samples currentTime and the picture twice `gapMs` apart, counting presented frames in between.
 */
export const sampleVideosScript = (gapMs: number) => `(async () => {
  const videos = [...document.querySelectorAll('.tile video')];
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const sample = (v) => {
    ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
    return { t: v.currentTime, px: ctx.getImageData(0, 0, canvas.width, canvas.height).data };
  };
  const frames = videos.map(() => 0);
  videos.forEach((v, i) => {
    const tick = () => { frames[i]++; v.requestVideoFrameCallback(tick); };
    v.requestVideoFrameCallback(tick);
  });
  const before = videos.map(sample);
  await new Promise((r) => setTimeout(r, ${gapMs}));
  const after = videos.map(sample);
  return videos.map((v, i) => {
    let changed = 0;
    for (let k = 0; k < before[i].px.length; k++) if (Math.abs(before[i].px[k] - after[i].px[k]) > 8) changed++;
    return {
      camera: v.closest('[data-camera]')?.getAttribute('data-camera') ?? '',
      advancedS: after[i].t - before[i].t,
      changedPixels: changed,
      frames: frames[i],
    };
  });
})()`;
