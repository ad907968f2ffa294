// `vigie eval --dataset situations`: every scene analytic on, through the whole camera pipeline, on constructed
// cases (one known situation each) and on normal footage: per analytic, event precision / recall, delays, and false
// alarms per camera-hour of normal footage. Writes report.json and report.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { specFromSettings } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { PipelineSettingsInput } from '../../analytics/pipeline/settings.js';
import type { SituationEvent, SituationKind } from '../../analytics/situations/situation-types.js';
import { FrameSource } from '../../media/decode/frame-source.js';
import type { Frame } from '../../media/frames/frame.js';
import { makeClip } from './constructed/clip-maker.js';
import { type SituationCase, situationCases } from './constructed/situation-cases.js';

const FPS = 5;
const ANALYTICS: SituationKind[] = ['camera_tamper', 'crowd_movement', 'abandoned_object', 'fire', 'person_on_ground'];

export interface SituationsEvalOptions {
  out: string;
  /** Seconds an object must stay (the setting under test; the default is 30). */
  abandonedSeconds?: number;
  /** Only the first N cases (tests). */
  cases?: number;
  log?: (m: string) => void;
}

interface CaseResult {
  name: string;
  expect: SituationCase['expect'] | null;
  seconds: number;
  raised: Raised[];
  detected: boolean | null;
  delayMs: number | null;
  falseAlarms: Raised[];
}

interface Raised {
  kind: SituationKind;
  subKind?: string;
  /** When the event was raised (the frame that emitted its start), ms of the clip. */
  raisedMs: number;
}

async function runCase(file: string, settings: PipelineSettingsInput) {
  const p = await pipelineFromSpec(specFromSettings(settings));
  const raised: Raised[] = [];
  let lastMs = 0;
  const take = (evs: SituationEvent[], t: number) => {
    for (const e of evs) if (e.phase === 'start') raised.push({ kind: e.kind, subKind: e.subKind, raisedMs: t });
  };
  try {
    for await (const f of new FrameSource({ cameraId: 'eval', input: file, format: 'rgb24' }).frames()) {
      take((await p.process(f as Frame)).situationEvents, f.ptsMs);
      lastMs = f.ptsMs;
    }
    take(p.finishSituations(), lastMs);
  } finally {
    await p.close();
  }
  return { raised, seconds: lastMs / 1000 };
}

export async function runSituationsEval(o: SituationsEvalOptions) {
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  const abandonedSeconds = o.abandonedSeconds ?? 30;
  const settings: PipelineSettingsInput = {
    inputSize: 320,
    precision: 'int8',
    classes: ['person'],
    situations: {
      tamper: { enabled: true },
      crowd: { enabled: true },
      abandoned: { enabled: true, staticSeconds: abandonedSeconds },
      fire: { enabled: true },
      ground: { enabled: true },
    },
  };
  const clips = join(o.out, 'clips');
  mkdirSync(clips, { recursive: true });
  const results: CaseResult[] = [];
  for (const [i, c] of situationCases(abandonedSeconds).slice(0, o.cases).entries()) {
    const ped2 = c.clip.inputs[0]!.includes('ucsd-ped2');
    const file = await makeClip({
      ...c.clip,
      out: join(clips, `case${i + 1}.mp4`),
      fps: c.fps ?? FPS,
      ...(ped2 ? { width: 360, height: 240 } : { width: 384, height: 288 }),
    });
    const t0 = performance.now();
    const r = await runCase(file, settings);
    const e = c.expect;
    const hit =
      e &&
      r.raised.find(
        (x) =>
          x.kind === e.kind &&
          (!e.subKind || x.subKind === e.subKind) &&
          x.raisedMs >= e.atMs &&
          x.raisedMs <= e.atMs + e.withinMs,
      );
    const falseAlarms = r.raised.filter((x) => x !== hit);
    results.push({
      name: c.name,
      expect: e ?? null,
      seconds: r.seconds,
      raised: r.raised,
      detected: e ? Boolean(hit) : null,
      delayMs: hit ? hit.raisedMs - e!.atMs : null,
      falseAlarms,
    });
    log(
      `${c.name}: ${e ? (hit ? `raised after ${((hit.raisedMs - e.atMs) / 1000).toFixed(1)} s` : 'MISSED') : 'normal'}, ${falseAlarms.length} other event(s) (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  const normalHours = results.filter((r) => !r.expect).reduce((n, r) => n + r.seconds, 0) / 3600;
  const perAnalytic = Object.fromEntries(
    ANALYTICS.map((k) => {
      const expected = results.filter((r) => r.expect?.kind === k);
      const tp = expected.filter((r) => r.detected).length;
      const fp = results.flatMap((r) => r.falseAlarms).filter((x) => x.kind === k).length;
      const normalFp = results
        .filter((r) => !r.expect)
        .flatMap((r) => r.falseAlarms)
        .filter((x) => x.kind === k).length;
      return [
        k,
        {
          expected: expected.length,
          tp,
          fn: expected.length - tp,
          fp,
          precision: tp + fp ? tp / (tp + fp) : null,
          recall: expected.length ? tp / expected.length : null,
          falseAlarmsPerCameraHour: normalFp / normalHours,
        },
      ];
    }),
  );
  const report = {
    createdAt: new Date().toISOString(),
    fps: FPS,
    settings,
    normalFootageHours: normalHours,
    perAnalytic,
    cases: results,
  };
  writeFileSync(join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(o.out, 'report.html'), html(report));
  log(`wrote ${join(o.out, 'report.json')} and report.html`);
  return report;
}

function html(r: {
  perAnalytic: Record<string, Record<string, number | null>>;
  cases: { name: string; detected: boolean | null; delayMs: number | null; falseAlarms: Raised[] }[];
  normalFootageHours: number;
}): string {
  const f = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(2);
  const a = Object.entries(r.perAnalytic).map(
    ([k, v]) =>
      `<tr><td>${k}</td><td>${f(v.expected)}</td><td>${f(v.tp)}</td><td>${f(v.fp)}</td><td>${f(v.precision)}</td><td>${f(v.recall)}</td><td>${f(v.falseAlarmsPerCameraHour)}</td></tr>`,
  );
  const c = r.cases.map(
    (x) =>
      `<tr><td>${x.name}</td><td>${x.detected === null ? 'normal' : x.detected ? 'detected' : 'missed'}</td><td>${x.delayMs === null ? '—' : (x.delayMs / 1000).toFixed(1)}</td><td>${x.falseAlarms.map((e) => `${e.kind}${e.subKind ? `/${e.subKind}` : ''} at ${(e.raisedMs / 1000).toFixed(1)} s`).join(', ') || '—'}</td></tr>`,
  );
  return `<!doctype html><meta charset="utf-8"><title>Vigie eval: scene analytics</title><h1>Scene analytics on constructed cases and normal footage</h1>
<p>Normal footage: ${(r.normalFootageHours * 60).toFixed(1)} minutes. Flame, pasted object and "running" are constructed from real footage (see docs/analytics-ii.md).</p>
<table border="1"><tr><th>analytic</th><th>expected</th><th>TP</th><th>FP</th><th>precision</th><th>recall</th><th>false alarms / camera-hour (normal)</th></tr>${a.join('')}</table>
<h2>Cases</h2><table border="1"><tr><th>case</th><th>result</th><th>delay (s)</th><th>other events</th></tr>${c.join('')}</table>\n`;
}
