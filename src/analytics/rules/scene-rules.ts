// The scene-rules engine of one camera: fed the tracker's output frame by frame, it runs every enabled rule of
// the scene configuration and returns the start / update / end events of the situations they see.
import { boxFootPoint } from '../geometry/box.js';
import type { Homography } from '../geometry/homography.js';
import type { Point, Polygon } from '../geometry/polygon.js';
import { CrowdDensityEvaluator } from './crowd-density.js';
import { IntrusionEvaluator } from './intrusion-rule.js';
import {
  type CountedPerson,
  DEFAULT_SCENE_RULES_OPTIONS,
  type FootSample,
  type FrameContext,
  type FrameSize,
  type RuleEvaluator,
  type RuleEvent,
  type RuleTrack,
  type SceneRulesOptions,
} from './rule-types.js';
import { parseSceneConfig, type SceneConfig, zoneAreaSquareMetres } from './scene-config.js';
import { calibrationHomography } from './scene-schema.js';
import { WrongWayLineEvaluator } from './wrong-way-line.js';
import { WrongWayZoneEvaluator } from './wrong-way-zone.js';

interface TrackMemory {
  samples: FootSample[];
  scoreSum: number;
  scoreCount: number;
  lastSeenMs: number;
}

export class SceneRules {
  readonly config: SceneConfig;
  readonly options: SceneRulesOptions;
  private readonly evaluators: RuleEvaluator[] = [];
  private readonly memory = new Map<number, TrackMemory>();
  private readonly keepHistoryMs: number;
  private lastMs: number | undefined;

  /** `config` is validated here (any form the schema accepts); `frameSize` is the pixel size of the tracks' frames. */
  constructor(config: unknown, frameSize: FrameSize, opts: Partial<SceneRulesOptions> = {}) {
    if (!(frameSize.width > 0 && frameSize.height > 0)) {
      throw new Error(`scene rules: frame size must be positive, got ${frameSize.width}x${frameSize.height}`);
    }
    this.config = parseSceneConfig(config);
    this.options = { ...DEFAULT_SCENE_RULES_OPTIONS, ...opts };
    this.keepHistoryMs = Math.max(3000, 2 * this.options.directionWindowMs);
    const { width, height } = frameSize;
    const px = (p: readonly [number, number]): Point => [p[0] * width, p[1] * height];
    const zones = new Map(this.config.zones.map((z) => [z.id, { zone: z, poly: z.polygon.map(px) as Polygon }]));
    const lines = new Map(this.config.lines.map((l) => [l.id, l]));
    const cal = this.config.calibration;
    const homography: Homography | undefined = cal ? calibrationHomography(cal) : undefined;
    const o = this.options;
    for (const rule of this.config.rules) {
      if (!rule.enabled) continue;
      // References were checked by the schema: the lookups below cannot miss.
      if (rule.kind === 'intrusion') {
        this.evaluators.push(new IntrusionEvaluator(rule, zones.get(rule.zoneId)!.poly, o));
      } else if (rule.kind === 'crowd_density') {
        const z = zones.get(rule.zoneId)!;
        const area = cal ? zoneAreaSquareMetres(z.zone, cal) : undefined;
        this.evaluators.push(new CrowdDensityEvaluator(rule, z.poly, area, o));
      } else if (rule.lineId !== undefined) {
        const line = lines.get(rule.lineId)!;
        this.evaluators.push(new WrongWayLineEvaluator(rule, line, px(line.from), px(line.to), o));
      } else {
        this.evaluators.push(new WrongWayZoneEvaluator(rule, zones.get(rule.zoneId!)!.poly, frameSize, homography, o));
      }
    }
  }

  /** Whether a rule counts people in a zone (the pipeline then runs the dense count when the camera asks for it). */
  get countsPeople(): boolean {
    return this.evaluators.some((e) => e instanceof CrowdDensityEvaluator);
  }

  /**
   * Feeds the tracks of one frame taken at `tMs` (non-decreasing); returns the events this frame produced.
   * `counted`: the people of the camera's latest dense count, which crowd-density zones count instead of tracks.
   */
  update(tracks: readonly RuleTrack[], tMs: number, counted?: readonly CountedPerson[]): RuleEvent[] {
    if (!Number.isFinite(tMs)) throw new Error(`scene rules: time must be a finite number, got ${tMs}`);
    if (this.lastMs !== undefined && tMs < this.lastMs) {
      throw new Error(`scene rules: time went backwards (${tMs} ms after ${this.lastMs} ms)`);
    }
    this.lastMs = tMs;
    for (const t of tracks) this.remember(t, tMs);
    const frame = { ...this.context(tracks, tMs), ...(counted && { counted }) };
    const events = this.evaluators.flatMap((e) => e.update(frame));
    // Forget tracks long gone (after the evaluators, which may still need their scores to close situations).
    for (const [id, m] of this.memory) if (tMs - m.lastSeenMs > 2 * this.options.lostGraceMs) this.memory.delete(id);
    return events;
  }

  /** Ends every open situation, e.g. when the camera's analysis stops; `tMs` defaults to the last update's time. */
  flush(tMs = this.lastMs ?? 0): RuleEvent[] {
    const events = this.evaluators.flatMap((e) => e.flush(this.context([], tMs)));
    this.memory.clear();
    return events;
  }

  private remember(t: RuleTrack, tMs: number): void {
    let m = this.memory.get(t.id);
    if (!m) {
      m = { samples: [], scoreSum: 0, scoreCount: 0, lastSeenMs: tMs };
      this.memory.set(t.id, m);
    }
    m.lastSeenMs = tMs;
    if ((t.timeSinceUpdateMs ?? 0) > 0) return; // predicted box: neither a score nor a position was measured
    m.scoreSum += t.score;
    m.scoreCount++;
    const [x, y] = boxFootPoint(t.box);
    m.samples.push({ tMs, x, y, boxHeight: t.box[3] });
    const keepFrom = tMs - this.keepHistoryMs;
    while (m.samples.length > 0 && m.samples[0]!.tMs < keepFrom) m.samples.shift();
  }

  private context(tracks: readonly RuleTrack[], tMs: number): FrameContext {
    return {
      tMs,
      tracks,
      history: (id) => this.memory.get(id)?.samples ?? [],
      meanScore: (id) => {
        const m = this.memory.get(id);
        return m && m.scoreCount > 0 ? m.scoreSum / m.scoreCount : undefined;
      },
    };
  }
}
