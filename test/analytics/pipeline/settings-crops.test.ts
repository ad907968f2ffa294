// Settings schema, crop planning, cross-crop de-duplication and event assembly: no dataset, no model.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { EventAssembler } from '../../../src/analytics/events/event-assembler.js';
import { CropPlanner, cropCost } from '../../../src/analytics/pipeline/crop-plan.js';
import { cropRgb, RegionDetector } from '../../../src/analytics/pipeline/region-detector.js';
import { PipelineSettingsSchema, parsePipelineSettings } from '../../../src/analytics/pipeline/settings.js';
import type { RuleEvent } from '../../../src/analytics/rules/rule-types.js';

describe('pipeline settings', () => {
  test('defaults are the documented operating point', () => {
    const s = parsePipelineSettings({});
    assert.equal(s.inputSize, 416);
    assert.equal(s.threads, 1);
    assert.equal(s.scoreThreshold, 0.5);
    assert.equal(s.lowScoreThreshold, 0.1);
    assert.equal(s.shownTrackScore, 0.4);
    assert.equal(s.minBoxHeightRatio, 0.05);
    assert.equal(s.gating.enabled, true);
    assert.deepEqual(s.gating.cropSizes, [256, 320]);
    assert.deepEqual(s.nearField, { enabled: true, nearSize: 256, minInputHeight: 112 });
    assert.equal(s.fps, undefined);
  });

  test('every problem is reported with its path', () => {
    const bad = {
      inputSize: 300,
      lowScoreThreshold: 0.7,
      scoreThreshold: 0.5,
      classes: ['unicorn'],
      gating: { refreshSeconds: -1 },
      extra: 1,
    };
    assert.throws(
      () => parsePipelineSettings(bad),
      (e: Error) =>
        ['inputSize must be 320 or 416', 'classes', 'gating.refreshSeconds', 'extra'].every((s) =>
          e.message.includes(s),
        ),
    );
    assert.throws(
      () => parsePipelineSettings({ lowScoreThreshold: 0.7 }),
      /lowScoreThreshold must not exceed scoreThreshold/,
    );
    assert.throws(
      () =>
        parsePipelineSettings({
          masks: [
            {
              points: [
                [0, 0],
                [1, 1],
                [0.5, 0.5],
              ],
            },
          ],
        }),
      /masks/,
    );
  });

  test('the JSON Schema the centre publishes describes every field', () => {
    const js = z.toJSONSchema(PipelineSettingsSchema, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    for (const [k, v] of Object.entries(js.properties)) assert.ok(v.description, `${k} has a description`);
  });
});

describe('crop planning (crops seen at the full-frame scale)', () => {
  const planner = new CropPlanner(768, 576, 416, [256, 320]);

  test('a person-sized region gets the smallest model that holds it at the full-frame scale', () => {
    const p = planner.plan([[100, 100, 60, 120]]);
    assert.equal(p.kind, 'crops');
    if (p.kind !== 'crops') return;
    assert.equal(p.crops.length, 1);
    const c = p.crops[0]!;
    assert.equal(c.size, 256);
    // 256 model pixels / (416/768) = 473 frame pixels: the same scale as the full frame.
    assert.equal(c.box[2], Math.round(256 / planner.scale));
    assert.ok(c.box[0] <= 100 && c.box[0] + c.box[2] >= 160 && c.box[1] <= 100 && c.box[1] + c.box[3] >= 220);
    assert.ok(p.cost < 1 && p.cost === cropCost(256, 416));
  });

  test('nearby regions share a crop; regions spread over the frame cost a full frame', () => {
    const near = planner.plan([
      [100, 100, 40, 80],
      [180, 120, 40, 80],
    ]);
    assert.equal(near.kind === 'crops' && near.crops.length, 1);
    const far = planner.plan([
      [0, 0, 40, 80],
      [700, 480, 40, 80],
      [0, 480, 40, 80],
      [700, 0, 40, 80],
    ]);
    assert.equal(far.kind, 'full');
    assert.equal(planner.plan([[0, 0, 700, 500]]).kind, 'full');
    assert.deepEqual(planner.plan([]), { kind: 'crops', crops: [], cost: 0 });
  });

  test('crops never leave the frame', () => {
    const p = planner.plan([[740, 550, 28, 26]]);
    assert.ok(p.kind === 'crops');
    const [x, y, w, h] = p.crops[0]!.box;
    assert.ok(x >= 0 && y >= 0 && x + w <= 768 && y + h <= 576);
  });
});

describe('region detector', () => {
  // Each pixel encodes its own position, so a fake model can tell where its crop lies in the frame.
  function positionFrame(width: number, height: number) {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data.set([x % 256, (x >> 8) * 16 + (y >> 8), y % 256], (y * width + x) * 3);
    }
    return { width, height, data };
  }
  const origin = (d: Uint8Array): [number, number] => [d[0]! + (d[1]! >> 4) * 256, d[2]! + (d[1]! & 15) * 256];
  // A person at frame (300..340, 200..300), cut where the picture the model sees ends.
  const fakeModel = async () => ({
    detect(f: { width: number; height: number; data: Uint8Array }) {
      const [cx, cy] = origin(f.data);
      const x1 = Math.max(300 - cx, 0);
      const x2 = Math.min(340 - cx, f.width);
      const y1 = Math.max(200 - cy, 0);
      const y2 = Math.min(300 - cy, f.height);
      return x2 > x1 && y2 > y1
        ? [{ cls: 'person', score: 0.9, box: [x1, y1, x2 - x1, y2 - y1] as [number, number, number, number] }]
        : [];
    },
  });

  test('crops are exact copies; boxes come back in frame pixels; a person cut by a crop edge is kept once', async () => {
    const frame = positionFrame(800, 600);
    const sub = cropRgb(frame, [320, 150, 300, 300]);
    assert.deepEqual(origin(sub.data), [320, 150]);
    const det = new RegionDetector(fakeModel, new CropPlanner(800, 600, 416, [256, 320]), 0.5);
    const full = await det.full(frame);
    assert.deepEqual(
      full.detections.map((d) => d.box),
      [[300, 200, 40, 100]],
    );
    const crops = [
      { box: [100, 100, 473, 473] as [number, number, number, number], size: 256 },
      { box: [320, 150, 300, 300] as [number, number, number, number], size: 256 },
    ];
    const r = await det.crops(frame, crops, 0.8);
    assert.equal(r.calls, 2);
    assert.deepEqual(
      r.detections.map((d) => d.box),
      [[300, 200, 40, 100]],
    );
    await det.close();
  });
});

test('warming loads the full-frame model and, when crops will be planned, every crop model (not at the first crop)', async () => {
  for (const [crops, want] of [
    [true, ['416x320', '256x256', '320x320']],
    [false, ['416x320']],
  ] as const) {
    const made: string[] = [];
    const det = new RegionDetector(
      async ({ width, height }) => {
        made.push(`${width}x${height}`);
        return { detect: () => [] };
      },
      new CropPlanner(768, 576, 416, [320, 256], true),
      0.5,
    );
    await det.warm(crops);
    await det.crops(
      { width: 768, height: 576, data: new Uint8Array(768 * 576 * 3) },
      [{ box: [0, 0, 200, 200], size: 256 }],
      0.4,
    );
    assert.deepEqual(made.slice(0, want.length).sort(), [...want].sort());
    assert.equal(made.length, crops ? want.length : want.length + 1, made.join(' '));
    await det.close();
  }
});

describe('event assembly (events.jsonl)', () => {
  const ev = (phase: RuleEvent['phase'], extra: Partial<RuleEvent> = {}): RuleEvent => ({
    kind: 'intrusion',
    ruleId: 'lawn',
    situationId: 'lawn#1',
    zoneId: 'grass',
    trackIds: [3],
    score: 0.6,
    box: [1.234, 2, 3, 4],
    startedAt: 1000,
    phase,
    severity: 'low',
    details: { dwellSeconds: 0 },
    ...extra,
  });

  test('one whole event per situation, written when it ends, with the design Event fields', () => {
    const a = new EventAssembler('cam1', 'file');
    assert.deepEqual(a.add([ev('start')], 8), []);
    assert.deepEqual(a.add([ev('update', { score: 0.9, trackIds: [3, 4] })], 20), []);
    const [e] = a.add([ev('end', { endedAt: 3000, score: 0.7 })], 22);
    assert.ok(e);
    assert.equal(e.id, 'cam1:rule:lawn#1', 'rule and scene-analytic situations numbered apart');
    assert.equal(e.kind, 'intrusion');
    assert.equal(e.startedAt, 1000);
    assert.equal(e.endedAt, 3000);
    assert.equal(e.score, 0.9);
    assert.equal(e.zoneId, 'grass');
    assert.deepEqual(e.trackIds, [3, 4]);
    assert.deepEqual(e.details, {
      rule: 'lawn',
      severity: 'low',
      situationId: 'lawn#1',
      clock: 'file',
      dwellSeconds: 0,
      startFrame: 8,
      endFrame: 22,
    });
    assert.equal(a.openCount, 0);
    assert.deepEqual(a.byKind, { intrusion: 1 });
  });

  test("the centre's view of the same events: a start when it starts, the whole event when it ends", () => {
    const a = new EventAssembler('cam1', 'epoch');
    const first = a.step([ev('start')], 8);
    assert.deepEqual(
      first.started.map((e) => [e.id, e.startedAt, e.endedAt]),
      [['cam1:rule:lawn#1', 1000, undefined]],
    );
    assert.deepEqual(first.ended, []);
    const later = a.step([ev('update', { score: 0.9 })], 9);
    assert.deepEqual([later.started, later.ended], [[], []]);
    assert.equal(first.started[0]!.score, 0.6, 'a reported start does not change with later updates');
    assert.deepEqual(
      a.abandon().map((e) => e.id),
      ['cam1:rule:lawn#1'],
      'a restart hands back what was open',
    );
    assert.equal(a.openCount, 0);
  });
});
