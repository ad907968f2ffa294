// The cases `vigie eval --dataset fire` scores: SYNTHETIC turbulent flames pasted on real footage, split in two.
// TUNE: PETS09 background, seeds 1-4 (settings were chosen on these only). VALIDATE: UCSD Ped2 backgrounds, and one
// PETS09 place no tune flame covered, with other seeds, sizes and palettes. NORMAL: every clip of the datasets
// (PETS09 whole, Ped2 train and test) and the synthetic lookalikes (beacons, headlights, warm-white street lamps,
// an over-exposed view, a colour ramp), where any fire event is a false alarm.
import { datasetPath } from '../../datasets/paths.js';
import type { ClipSpec } from './clip-maker.js';
import { type FlameSpec, turbulentFlame } from './flames.js';
import { blinkingBeacon, headlights, rotatingBeacon, streetLamp } from './overlays.js';

export interface FireCase {
  name: string;
  split: 'tune' | 'validate' | 'normal';
  clip: Omit<ClipSpec, 'out' | 'fps' | 'width' | 'height' | 'ffmpeg'>;
  /** Clip size (the footage's aspect). */
  size: [number, number];
  flame?: FlameSpec;
}

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const ped2 = (set: 'train' | 'test', i: number) =>
  datasetPath('ucsd-ped2', set, `${set === 'train' ? 'Train' : 'Test'}${String(i).padStart(3, '0')}.mp4`);
const PETS_SIZE: [number, number] = [640, 480];
const PED2_SIZE: [number, number] = [360, 240];

const burning = (split: 'tune' | 'validate', name: string, input: string, seconds: number, f: FlameSpec): FireCase => ({
  name: `${name} (${f.palette}, ${Math.round(f.height * 100)} % high, ${f.t0 ? `from ${f.t0} s` : 'from frame 1'})`,
  split,
  clip: { inputs: [input], seconds, overlay: turbulentFlame(f) },
  size: input === PETS ? PETS_SIZE : PED2_SIZE,
  flame: f,
});

export function fireCases(): FireCase[] {
  const f = (o: Partial<FlameSpec> & Pick<FlameSpec, 'bx' | 'by' | 'height' | 'palette' | 'seed'>): FlameSpec => ({
    t0: 0,
    aspect: 0.8,
    growSeconds: 0,
    ...o,
  });
  return [
    burning(
      'tune',
      'PETS09, large fire on the lawn',
      PETS,
      20,
      f({ bx: 0.3, by: 0.9, height: 0.45, aspect: 1.2, palette: 'orange', seed: 1 }),
    ),
    burning(
      'tune',
      'PETS09, small fire by the road',
      PETS,
      30,
      f({ t0: 12, bx: 0.7, by: 0.7, height: 0.15, palette: 'deep-red', seed: 2 }),
    ),
    burning(
      'tune',
      'PETS09, fire in front of the building',
      PETS,
      20,
      f({ bx: 0.5, by: 0.45, height: 0.25, palette: 'yellow-white', seed: 3 }),
    ),
    burning(
      'tune',
      'PETS09, growing fire on the lawn',
      PETS,
      30,
      f({ t0: 8, bx: 0.15, by: 0.95, height: 0.3, growSeconds: 10, palette: 'orange', seed: 4 }),
    ),
    burning(
      'validate',
      'Ped2 Train005, large fire',
      ped2('train', 5),
      18,
      f({ bx: 0.35, by: 0.95, height: 0.5, aspect: 1.5, palette: 'deep-red', seed: 11 }),
    ),
    burning(
      'validate',
      'Ped2 Test002, small fire',
      ped2('test', 2),
      18,
      f({ t0: 6, bx: 0.75, by: 0.6, height: 0.12, aspect: 0.6, palette: 'yellow-white', seed: 12 }),
    ),
    burning(
      'validate',
      'Ped2 Train010, fire on the walkway',
      ped2('train', 10),
      18,
      f({ bx: 0.55, by: 0.8, height: 0.3, palette: 'orange', seed: 13 }),
    ),
    burning(
      'validate',
      'Ped2 Test004, growing fire',
      ped2('test', 4),
      18,
      f({ t0: 4, bx: 0.2, by: 0.7, height: 0.35, growSeconds: 8, aspect: 1, palette: 'orange', seed: 14 }),
    ),
    burning(
      'validate',
      'PETS09, fire by the parked vans',
      PETS,
      20,
      f({ bx: 0.85, by: 0.35, height: 0.22, aspect: 1, palette: 'yellow-white', seed: 15 }),
    ),
    burning(
      'validate',
      'PETS09, deep red fire on the road',
      PETS,
      25,
      f({ t0: 5, bx: 0.55, by: 0.75, height: 0.2, aspect: 1.3, palette: 'deep-red', seed: 16 }),
    ),
    ...normalCases(),
  ];
}

function normalCases(): FireCase[] {
  const pets = (name: string, clip: Partial<FireCase['clip']>): FireCase => ({
    name,
    split: 'normal',
    clip: { inputs: [PETS], seconds: 40, ...clip },
    size: PETS_SIZE,
  });
  return [
    pets('PETS09, unaltered (whole)', { seconds: 114 }),
    ...(['train', 'test'] as const).flatMap((set) =>
      Array.from({ length: set === 'train' ? 16 : 6 }, (_, k) => ({
        name: `UCSD Ped2 ${set} ${k + 1} (normal)`,
        split: 'normal' as const,
        clip: { inputs: [ped2(set, k + 1)], seconds: 18 },
        size: PED2_SIZE,
      })),
    ),
    pets('SYNTHETIC orange beacon blinking at 1.5 Hz on PETS09', { overlay: blinkingBeacon(1.5, 0.7, 0.3) }),
    pets('SYNTHETIC orange beacon blinking at 1 Hz on PETS09', { overlay: blinkingBeacon(1, 0.3, 0.6) }),
    pets('SYNTHETIC orange rotating beacon on PETS09', { overlay: rotatingBeacon(1.2, 0.5, 0.4, [255, 150, 20]) }),
    pets('SYNTHETIC headlight pair crossing every 6 s on PETS09', { overlay: headlights(6, 0.75) }),
    // White cores beside flame colour that are not flames (the near-white core rule must leave them out).
    pets('SYNTHETIC warm-white street lamps (white core, orange halo) on PETS09', {
      overlay: (t, w, h, rgba) => {
        streetLamp(0.2, 0.25)(t, w, h, rgba);
        streetLamp(0.8, 0.3)(t, w, h, rgba);
      },
    }),
    pets('ffmpeg over-exposed bright view (washed-out whites beside warm colours) on PETS09', {
      after: 'eq=brightness=0.25:contrast=1.5:saturation=1.4',
    }),
    pets('ffmpeg orange colour ramp over 30 s ("sunset") on PETS09', {
      after:
        "eq=eval=frame:gamma_r='1+0.8*min(t/30\\,1)':gamma_b='1-0.5*min(t/30\\,1)':saturation='1+0.8*min(t/30\\,1)'",
    }),
  ];
}

/** Where the flame can be, in clip pixels [left, top, right, bottom] (its full-size envelope). */
export function flameEnvelope(f: FlameSpec, w: number, h: number): [number, number, number, number] {
  const H = f.height * h;
  const half = (H * f.aspect) / 2 + H * 0.25 + H * 0.3;
  return [f.bx * w - half, f.by * h - H * 1.3, f.bx * w + half, f.by * h];
}
