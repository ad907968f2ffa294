// Turns the rules' and scene analytics' start / update / end events into whole events of the design's Event shape,
// one per situation: the one event type and assembler of the product. The centre stores an event when it starts
// (for its alarm) and closes it when it ends; `vigie analyze` writes each to events.jsonl when it ends.
import type { Box } from '../geometry/box.js';
import type { RuleEvent } from '../rules/rule-types.js';
import type { SituationEvent } from '../situations/situation-types.js';

type AnyEvent = RuleEvent | SituationEvent;
// Scene analytics have no configured rule: their kind names them in the per-rule counts.
const ruleOf = (e: AnyEvent) => ('ruleId' in e ? e.ruleId : e.kind);

export interface AnalysisEvent {
  id: string;
  cameraId: string;
  kind: AnyEvent['kind'];
  /** ms in the source's clock: position in a file, or epoch ms for a live stream (see details.clock). */
  startedAt: number;
  endedAt?: number;
  /** Highest confidence over the situation. */
  score: number;
  zoneId?: string;
  trackIds: number[];
  box?: Box;
  details: Record<string, unknown>;
}

interface Open {
  event: AnalysisEvent;
  startFrame: number;
}

/** What one frame's events did: situations that started (a copy as they stood then) and that ended (whole). */
export interface AssembledStep {
  started: AnalysisEvent[];
  ended: AnalysisEvent[];
}

// Rules and scene analytics number their situations apart: one camera's table keys them by source too.
const keyOf = (e: AnyEvent) => `${'ruleId' in e ? 'rule' : 'scene'}:${e.situationId}`;

export class EventAssembler {
  private readonly open = new Map<string, Open>();
  /** Events finished so far, per kind and per rule. */
  readonly byKind: Record<string, number> = {};
  /** Null prototype: rule ids are the user's (a rule named `constructor` must count from 0, not from a function). */
  readonly byRule: Record<string, number> = Object.create(null);

  constructor(
    private readonly cameraId: string,
    private readonly clock: 'file' | 'epoch',
  ) {}

  /** Feeds the events of one frame (1-based frame number); returns the events that finished. */
  add(events: readonly AnyEvent[], frame: number): AnalysisEvent[] {
    return this.step(events, frame).ended;
  }

  /** Feeds the events of one frame (1-based frame number); says which situations started and which ended. */
  step(events: readonly AnyEvent[], frame: number): AssembledStep {
    const done: AnalysisEvent[] = [];
    const started: AnalysisEvent[] = [];
    for (const e of events) {
      let o = this.open.get(keyOf(e));
      if (!o) {
        o = { event: this.start(e), startFrame: frame };
        this.open.set(keyOf(e), o);
        if (e.phase === 'start') started.push(o.event);
      }
      const ev = o.event;
      ev.score = Math.max(ev.score, round4(e.score));
      ev.trackIds = [...new Set([...ev.trackIds, ...e.trackIds])].sort((a, b) => a - b);
      if (e.box) ev.box = e.box.map((v) => round(v)) as Box;
      ev.details = { ...ev.details, ...e.details };
      if (e.phase !== 'end') continue;
      ev.endedAt = round(e.endedAt ?? e.startedAt);
      ev.details.startFrame = o.startFrame;
      ev.details.endFrame = frame;
      this.open.delete(keyOf(e));
      this.byKind[ev.kind] = (this.byKind[ev.kind] ?? 0) + 1;
      this.byRule[ruleOf(e)] = (this.byRule[ruleOf(e)] ?? 0) + 1;
      done.push(ev);
    }
    // A start is reported as it stood at its first frame (its later updates belong to the end).
    return { started: started.map((ev) => structuredClone(ev)), ended: done };
  }

  /** Forgets every open situation (the analysis restarts) and returns them as they stand. */
  abandon(): AnalysisEvent[] {
    const open = [...this.open.values()].map((o) => o.event);
    this.open.clear();
    return open;
  }

  get openCount(): number {
    return this.open.size;
  }

  private start(e: AnyEvent): AnalysisEvent {
    const ev: AnalysisEvent = {
      id: `${this.cameraId}:${keyOf(e)}`,
      cameraId: this.cameraId,
      kind: e.kind,
      startedAt: round(e.startedAt),
      score: round4(e.score),
      trackIds: [...e.trackIds],
      details: {
        rule: ruleOf(e),
        ...('severity' in e && { severity: e.severity }),
        ...('subKind' in e && e.subKind !== undefined && { subKind: e.subKind }),
        situationId: e.situationId,
        clock: this.clock,
        ...('lineId' in e && e.lineId !== undefined && { lineId: e.lineId }),
      },
    };
    if ('zoneId' in e && e.zoneId !== undefined) ev.zoneId = e.zoneId;
    return ev;
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
