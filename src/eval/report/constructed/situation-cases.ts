// The cases `vigie eval --dataset situations` scores: real footage altered so that one situation happens at a known
// time (tamper by ffmpeg filters, people suddenly "running", an object left, a synthetic flame), and normal footage
// on which nothing should be raised. Times are seconds of the constructed clip.

import type { SituationKind } from '../../../analytics/situations/situation-types.js';
import { datasetPath } from '../../datasets/paths.js';
import { abandonedCases } from './abandoned-cases.js';
import type { ClipSpec } from './clip-maker.js';
import { flame } from './overlays.js';

export interface Expected {
  kind: SituationKind;
  subKind?: string;
  /** When the situation begins in the clip (ms). */
  atMs: number;
  /** The event must be raised this soon after (the goals). */
  withinMs: number;
}

export interface SituationCase {
  name: string;
  clip: Omit<ClipSpec, 'out' | 'fps' | 'width' | 'height' | 'ffmpeg'>;
  /** Analysis rate (default 5): crowd movement is analysed at the camera's own rate (docs/analytics-ii.md). */
  fps?: number;
  /** Nothing expected: normal footage, where every event is a false alarm. */
  expect?: Expected;
}

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const SHANGHAI = datasetPath('shanghaitech-b', 'train', 'IMG_1.jpg');
const ped2 = (i: number) => datasetPath('ucsd-ped2', 'train', `Train${String(i).padStart(3, '0')}.mp4`);
const on = "enable='between(t,20,32)'";
const tamper = (name: string, filter: string, subKind: string): SituationCase => ({
  name: `PETS09, ${name} from 20 s to 32 s`,
  clip: { inputs: [PETS], seconds: 40, graph: `[0:v]${filter}[v]` },
  expect: { kind: 'camera_tamper', subKind, atMs: 20_000, withinMs: 5_000 },
});
// Source frames 250..529 (40 s of the 7 fps clip) kept one in four, stamped at 7 fps: 10 s of people "running".
const RUN = "select='lt(n,250)+between(n,250,529)*not(mod(n-250,4))+gte(n,530)',setpts=N/7/TB";

export function situationCases(abandonedSeconds: number): SituationCase[] {
  return [
    tamper('covered (black)', `drawbox=color=black:t=fill:${on}`, 'covered'),
    tamper('defocused (gblur σ 12)', `gblur=sigma=12:${on}`, 'defocused'),
    tamper('flooded with light', `lutyuv=y='clip(val*2.5+90,0,255)':${on}`, 'blinded'),
    tamper('moved (15 % pan)', "crop=w=iw*0.8:h=ih*0.8:x='if(between(t,20,32),iw*0.22,iw*0.1)':y='ih*0.1'", 'moved'),
    {
      name: 'PETS09, frames skipped x4 for 10 s from 35.7 s (people suddenly run)',
      clip: { inputs: [PETS], seconds: 80, graph: `[0:v]${RUN}[v]` },
      fps: 7,
      expect: { kind: 'crowd_movement', subKind: 'surge', atMs: 35_714, withinMs: 2_000 },
    },
    {
      name: 'PETS09, a bag-like patch (ShanghaiTech crop) left on the road from 15 s to 95 s',
      clip: {
        inputs: [PETS, SHANGHAI],
        seconds: 105,
        graph: "[1:v]crop=32:40:330:560[p];[0:v][p]overlay=430:330:enable='between(t,15,95)'[v]",
      },
      expect: { kind: 'abandoned_object', atMs: 15_000, withinMs: (abandonedSeconds + 5) * 1000 },
    },
    ...abandonedCases(abandonedSeconds),
    {
      name: 'PETS09, a SYNTHETIC flame pasted from 20 s',
      clip: { inputs: [PETS], seconds: 40, overlay: flame(20, 0.2, 0.8) },
      expect: { kind: 'fire', atMs: 20_000, withinMs: 5_000 },
    },
    { name: 'PETS09, unaltered (normal)', clip: { inputs: [PETS], seconds: 114 } },
    // Each clip once: looping would make cuts (people jumping) that no live camera shows.
    ...Array.from({ length: 16 }, (_, k) => ({
      name: `UCSD Ped2 Train${String(k + 1).padStart(3, '0')} (normal)`,
      clip: { inputs: [ped2(k + 1)], seconds: 30 },
    })),
  ];
}
