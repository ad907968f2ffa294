// Tamper on real footage altered with ffmpeg filters (black, dimmed, heavy blur, 15 % shift, flooded with light):
// each detected within 5 s with the right sub-kind and ended within 5 s of the view coming back; no event on the
// normal part, on unaltered clips (PETS09 whole, two Ped2) nor under a lighting drift.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { TamperSubKind } from '../../../src/analytics/tamper/tamper-detector.js';
import { footageMissing, makeClip, PETS, ped2, type Replay, replay } from './footage.js';

const skip = footageMissing();
const dir = skip ? '' : mkdtempSync(join(tmpdir(), 'vigie-tamper-'));
after(() => dir && rmSync(dir, { recursive: true, force: true }));

// The alteration is on from 20 s to 32 s of a 40 s clip (Ped2 clips, 12 to 18 s long, are looped to reach it).
const ON = 20_000;
const OFF = 32_000;
const during = 'between(t,20,32)';
const on = `enable='${during}'`;
const shift = (dx: number, dy: number) =>
  `crop=w=iw*0.8:h=ih*0.8:x='if(${during},iw*${0.1 + dx * 0.8},iw*0.1)':y='if(${during},ih*${0.1 + dy * 0.8},ih*0.1)'`;

const cases: { name: string; input: string; loops?: number; filter: string; want: TamperSubKind }[] = [
  { name: 'PETS09 black', input: PETS, filter: `drawbox=color=black:t=fill:${on}`, want: 'covered' },
  { name: 'PETS09 gblur sigma 12', input: PETS, filter: `gblur=sigma=12:${on}`, want: 'defocused' },
  { name: 'PETS09 shifted 15 % right', input: PETS, filter: shift(0.15, 0), want: 'moved' },
  {
    name: 'PETS09 flooded with light',
    input: PETS,
    filter: `lutyuv=y='clip(val*2.5+90,0,255)':${on}`,
    want: 'blinded',
  },
  {
    name: 'Ped2 Train001 dimmed to black',
    input: ped2(1),
    loops: 3,
    filter: `eq=brightness=-0.9:${on}`,
    want: 'covered',
  },
  { name: 'Ped2 Train002 boxblur 6', input: ped2(2), loops: 3, filter: `boxblur=6:${on}`, want: 'defocused' },
  { name: 'Ped2 Train003 shifted 15 % up-left', input: ped2(3), loops: 3, filter: shift(-0.15, -0.15), want: 'moved' },
];

const show = (r: Replay) => JSON.stringify(r.events.map((e) => [e.atMs, e.event.phase, e.event.subKind]));

describe('tamper on altered real footage', { skip, concurrency: 1 }, () => {
  for (const c of cases) {
    test(`${c.name}: ${c.want} raised within 5 s, ended within 5 s of the view coming back`, {
      timeout: 30_000,
    }, async (t) => {
      const file = join(dir, `${c.name.replace(/\W+/g, '-')}.mp4`);
      await makeClip({ input: c.input, loops: c.loops, filter: c.filter, seconds: 40, out: file });
      const r = await replay(file);
      assert.equal(r.events.length, 2, `one start and one end: ${show(r)}`);
      const [start, end] = r.events;
      assert.equal(start!.event.phase, 'start');
      assert.equal(start!.event.subKind, c.want, show(r));
      assert.ok(start!.atMs >= ON && start!.atMs <= ON + 5000, `raised at ${start!.atMs} ms: ${show(r)}`);
      assert.equal(end!.event.phase, 'end');
      assert.equal(end!.event.subKind, c.want);
      assert.ok(end!.atMs >= OFF && end!.atMs <= OFF + 5000, `ended at ${end!.atMs} ms: ${show(r)}`);
      t.diagnostic(`raised ${start!.atMs - ON} ms after the change, ended ${end!.atMs - OFF} ms after the return`);
      if (c.want === 'moved' && c.input === PETS) {
        // The 15 % pan is measured, not only noticed (content moves left: the reference matches further right).
        assert.ok(Math.abs(Number(start!.event.details.shiftX) - 0.15) < 0.03, JSON.stringify(start!.event.details));
      }
    });
  }
});

describe('no tamper on normal footage', { skip, concurrency: 1 }, () => {
  const normal: [string, () => Promise<string>][] = [
    ['PETS09-S2L1 whole (113 s)', async () => PETS],
    ['Ped2 Train004', async () => ped2(4)],
    ['Ped2 Train005', async () => ped2(5)],
    [
      'PETS09 under a lighting drift (darker and flatter by 35 % over the clip)',
      () =>
        makeClip({
          input: PETS,
          filter: "eq=brightness='-0.003*t':contrast='1-0.003*t':eval=frame",
          out: join(dir, 'drift.mp4'),
        }),
    ],
  ];
  for (const [name, clip] of normal) {
    test(name, { timeout: 30_000 }, async () => {
      const r = await replay(await clip());
      assert.ok(r.durationMs > 10_000, `decoded ${r.frames} frames`);
      assert.deepEqual(r.events, [], show(r));
    });
  }
});
