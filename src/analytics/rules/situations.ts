// Turns a rule's open/close decisions into start / update / end events with stable situation ids.
import type { Box } from '../geometry/box.js';
import type { SceneRule } from './rule-schema.js';
import type { RuleEvent } from './rule-types.js';

export interface EventBody {
  trackIds: number[];
  score: number;
  box: Box;
  details: Record<string, unknown>;
}

export interface OpenSituation {
  id: string;
  startedAt: number;
  lastEmitMs: number;
}

export class Situations {
  private count = 0;

  constructor(
    private readonly rule: SceneRule,
    private readonly place: { zoneId?: string; lineId?: string },
    private readonly updateIntervalMs: number,
  ) {}

  start(startedAt: number, tMs: number, body: EventBody): [OpenSituation, RuleEvent] {
    const open = { id: `${this.rule.id}#${++this.count}`, startedAt, lastEmitMs: tMs };
    return [open, this.event(open, 'start', body)];
  }

  /** An `update` event when the last one is old enough, else nothing (keeps the bus quiet). */
  update(open: OpenSituation, tMs: number, body: EventBody): RuleEvent | undefined {
    if (tMs - open.lastEmitMs < this.updateIntervalMs) return undefined;
    open.lastEmitMs = tMs;
    return this.event(open, 'update', body);
  }

  end(open: OpenSituation, endedAt: number, body: EventBody): RuleEvent {
    return { ...this.event(open, 'end', body), endedAt: Math.max(endedAt, open.startedAt) };
  }

  private event(open: OpenSituation, phase: RuleEvent['phase'], body: EventBody): RuleEvent {
    const e: RuleEvent = {
      kind: this.rule.kind,
      ruleId: this.rule.id,
      situationId: open.id,
      trackIds: [...body.trackIds].sort((a, b) => a - b),
      score: Math.min(1, Math.max(0, body.score)),
      box: body.box,
      startedAt: open.startedAt,
      phase,
      severity: this.rule.severity,
      details: { ...body.details, ...(this.rule.name ? { ruleName: this.rule.name } : {}) },
    };
    if (this.place.zoneId !== undefined) e.zoneId = this.place.zoneId;
    if (this.place.lineId !== undefined) e.lineId = this.place.lineId;
    return e;
  }
}

/** Smallest box holding all the given boxes. */
export function unionBox(boxes: readonly Readonly<Box>[]): Box {
  if (boxes.length === 0) return [0, 0, 0, 0];
  const x1 = Math.min(...boxes.map((b) => b[0]));
  const y1 = Math.min(...boxes.map((b) => b[1]));
  const x2 = Math.max(...boxes.map((b) => b[0] + b[2]));
  const y2 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x1, y1, x2 - x1, y2 - y1];
}
