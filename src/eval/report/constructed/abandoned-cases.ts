// Abandoned-object cases of `vigie eval --dataset situations` whose blob thins out: bags whose grey is close to the
// ground's (a ShanghaiTech crop, its contrast scaled and its mean set under the ground's by real ffmpeg), one under
// a slow lighting drift. Left at 8 s for the rest of the 80 s clip. Tune: PETS09 road, right (IMG_1); validate:
// other objects, places and clips (IMG_12 on the PETS09 road left, IMG_20 on the UCSD Ped2 walkway, IMG_7 under a
// darkening).
import { datasetPath } from '../../datasets/paths.js';
import type { SituationCase } from './situation-cases.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const img = (n: number) => datasetPath('shanghaitech-b', 'train', `IMG_${n}.jpg`);
const ped2 = (i: number) => datasetPath('ucsd-ped2', 'train', `Train${String(i).padStart(3, '0')}.mp4`);
/** A bag: `crop` of the photo, grey mapped to `mean` + (v − its own mean) × `scale`, overlaid at `at` from 8 s. */
const bag = (crop: string, own: number, mean: number, scale: number, at: string, extra = '') =>
  `[1:v]crop=${crop}${extra},lutyuv=y='clip(${mean}+(val-${own})*${scale},0,255)'[p];[0:v][p]overlay=${at}:enable='gte(t,8)'`;
/** A darkening centred on (x, y) (source pixels), up to 43 % from 8 s to 58 s: light drifting over the object. */
const darken = (x: number, y: number) =>
  `color=black:s=768x576:r=7,format=rgba,geq=r=0:g=0:b=0:a='110*min(1,max(0,T-8)/50)*exp(-((X-${x})^2+(Y-${y})^2)/(2*90*90))'[d];[a][d]overlay=0:0:shortest=1[v]`;

export function abandonedCases(seconds: number): SituationCase[] {
  const expect = { kind: 'abandoned_object' as const, atMs: 8_000, withinMs: (seconds + 5) * 1000 };
  const pets = (name: string, n: number, graph: string): SituationCase => ({
    name: `PETS09, ${name}`,
    clip: { inputs: [PETS, img(n)], seconds: 80, graph },
    expect,
  });
  return [
    pets(
      'tune: a bag 22 levels under the road, contrast x0.5',
      1,
      `${bag('32:40:330:560', 79, 178, 0.5, '600:300')}[v]`,
    ),
    pets(
      'tune: a bag 22 levels under the road, contrast x0.6',
      1,
      `${bag('32:40:330:560', 79, 178, 0.6, '600:300')}[v]`,
    ),
    pets(
      'validate: another bag, road left, 22 under, x0.55',
      12,
      `${bag('28:36:40:620', 82, 180, 0.55, '250:240')}[v]`,
    ),
    {
      name: 'UCSD Ped2 Train003 x7, validate: a bag 21 levels under the walkway, x0.55',
      clip: {
        inputs: [ped2(3), img(20)],
        loops: 6,
        seconds: 80,
        graph: `${bag('28:36:700:480', 174, 150, 0.55, '250:190', ',scale=12:16')}[v]`,
      },
      expect,
    },
    pets(
      'validate: a bag 22 under the road, light drifting over it',
      7,
      `${bag('28:36:460:540', 145, 180, 0.55, '300:250')}[a];${darken(314, 268)}`,
    ),
    pets(
      'validate: a bag 37 under the road, light drifting over it',
      7,
      `${bag('28:36:460:540', 145, 165, 0.55, '300:250')}[a];${darken(314, 268)}`,
    ),
  ];
}
