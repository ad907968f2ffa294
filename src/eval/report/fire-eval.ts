// `vigie eval --dataset fire`: the fire analytic through the whole camera pipeline (pipelineFromSpec, situations.fire,
// 5 fps as the centre analyses) on SYNTHETIC flames pasted on real footage (tune and validate splits) and on normal
// footage. Per flame: alarm delay and frame recall (frames with the flame in view during which a fire event is open
// with its box on the flame). Normal footage: every fire event is a false alarm. The old method (flame colour above a
// slow background) runs beside the new one on the same frames as the baseline. Writes fire-report.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FireOptionsInput } from '../../analytics/fire/fire-options.js';
import type { CameraPipeline } from '../../analytics/pipeline/camera-pipeline.js';
import { specFromSettings } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { PipelineSettingsInput } from '../../analytics/pipeline/settings.js';
import { FrameSource } from '../../media/decode/frame-source.js';
import type { Frame } from '../../media/frames/frame.js';
import { makeClip } from './constructed/clip-maker.js';
import { type FireCase, fireCases, flameEnvelope } from './constructed/fire-cases.js';

const FPS = 5;
const METHODS = { new: 'flicker', baseline: 'aboveBackground' } as const;
type Method = keyof typeof METHODS;

interface Open {
  box: [number, number, number, number];
}

interface Scored {
  delayS: number | null;
  recall: number | null;
  falseAlarms: number;
  starts: number;
}

function overlaps(b: readonly number[], e: readonly number[]): boolean {
  return b[0]! < e[2]! && b[0]! + b[2]! > e[0]! && b[1]! < e[3]! && b[1]! + b[3]! > e[1]!;
}

/** Runs one clip through one pipeline per method (the same decoded frames) and scores each. */
async function runCase(
  file: string,
  c: FireCase,
  pipes: Record<Method, CameraPipeline>,
): Promise<Record<Method, Scored>> {
  const env = c.flame && flameEnvelope(c.flame, c.size[0], c.size[1]);
  const t0 = (c.flame?.t0 ?? 0) * 1000;
  const state = Object.fromEntries(
    Object.keys(pipes).map((m) => [
      m,
      {
        open: undefined as Open | undefined,
        s: { delayS: null, recall: null, falseAlarms: 0, starts: 0 } as Scored,
        covered: 0,
        visible: 0,
      },
    ]),
  ) as Record<Method, { open: Open | undefined; s: Scored; covered: number; visible: number }>;
  for await (const f of new FrameSource({ cameraId: 'eval', input: file, format: 'rgb24' }).frames()) {
    for (const [m, p] of Object.entries(pipes) as [Method, CameraPipeline][]) {
      const st = state[m];
      for (const e of (await p.process(f as Frame)).situationEvents) {
        if (e.kind !== 'fire') continue;
        if (e.phase === 'end') {
          st.open = undefined;
          continue;
        }
        st.s.starts++;
        const box = e.box ?? [0, 0, 0, 0];
        const onFlame = env && f.ptsMs >= t0 && overlaps(box, env);
        if (!onFlame) st.s.falseAlarms++;
        else if (st.s.delayS === null) st.s.delayS = (f.ptsMs - t0) / 1000;
        st.open = { box: box as Open['box'] };
      }
      if (env && f.ptsMs >= t0) {
        st.visible++;
        if (st.open && overlaps(st.open.box, env)) st.covered++;
      }
    }
  }
  for (const st of Object.values(state)) if (env) st.s.recall = st.visible ? st.covered / st.visible : 0;
  return Object.fromEntries(Object.entries(state).map(([m, st]) => [m, st.s])) as Record<Method, Scored>;
}

export interface FireEvalOptions {
  out: string;
  /** Only the cases whose name contains this (quick looks). */
  only?: string;
  /** Only this split (tune: choosing settings looks at the tune flames only). */
  split?: FireCase['split'];
  /** Fire settings of the new method (a sweep on the tune split); default: the product defaults. */
  fire?: FireOptionsInput;
  /** Keep and reuse the encoded clips in out/clips (named after the case): re-runs skip the encoding. */
  reuseClips?: boolean;
  log?: (m: string) => void;
}

export async function runFireEval(o: FireEvalOptions) {
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  const settings = (method: Method): PipelineSettingsInput => ({
    inputSize: 320,
    precision: 'int8',
    classes: ['person'],
    situations: { fire: { enabled: true, ...(method === 'new' && o.fire), evidence: METHODS[method] } },
  });
  const clips = join(o.out, 'clips');
  mkdirSync(clips, { recursive: true });
  const cases = fireCases().filter((c) => (!o.only || c.name.includes(o.only)) && (!o.split || c.split === o.split));
  const results: ({ name: string; split: FireCase['split'] } & Record<Method, Scored>)[] = [];
  for (const c of cases) {
    const name = join(clips, `${c.name.replace(/\W+/g, '-')}.mp4`);
    const file =
      o.reuseClips && existsSync(name)
        ? name
        : await makeClip({ ...c.clip, out: name, fps: FPS, width: c.size[0], height: c.size[1] });
    const pipes = {
      new: await pipelineFromSpec(specFromSettings(settings('new'))),
      baseline: await pipelineFromSpec(specFromSettings(settings('baseline'))),
    };
    const t = performance.now();
    try {
      const r = await runCase(file, c, pipes);
      results.push({ name: c.name, split: c.split, ...r });
      const say = (s: Scored) =>
        c.flame
          ? `${s.delayS === null ? 'MISSED' : `raised after ${s.delayS.toFixed(1)} s`}, recall ${s.recall!.toFixed(2)}, ${s.falseAlarms} false`
          : `${s.falseAlarms} false alarm(s)`;
      log(
        `[${c.split}] ${c.name}: new ${say(r.new)} | baseline ${say(r.baseline)} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
      );
    } finally {
      await Promise.all(Object.values(pipes).map((p) => p.close()));
    }
  }
  const summary = Object.fromEntries(
    (['tune', 'validate', 'normal'] as const).map((split) => {
      const rs = results.filter((r) => r.split === split);
      const of = (m: Method) => {
        const s = rs.map((r) => r[m]);
        const delays = s.map((x) => x.delayS).filter((d): d is number => d !== null);
        return {
          cases: s.length,
          detected: delays.length,
          within5s: delays.filter((d) => d <= 5).length,
          maxDelayS: delays.length ? Math.max(...delays) : null,
          meanRecall: split === 'normal' || !s.length ? null : s.reduce((a, x) => a + (x.recall ?? 0), 0) / s.length,
          minRecall: split === 'normal' || !s.length ? null : Math.min(...s.map((x) => x.recall ?? 0)),
          falseAlarms: s.reduce((a, x) => a + x.falseAlarms, 0),
        };
      };
      return [split, { new: of('new'), baseline: of('baseline') }];
    }),
  );
  const report = { createdAt: new Date().toISOString(), fps: FPS, summary, cases: results };
  writeFileSync(join(o.out, 'fire-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`summary ${JSON.stringify(summary)}`);
  log(`wrote ${join(o.out, 'fire-report.json')}`);
  return report;
}
