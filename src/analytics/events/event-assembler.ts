// Turns the rules' start / update / end events into whole events of the design's Event shape, one per situation,
// complete when it ends: what `vigie analyze` writes to events.jsonl.
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

export class EventAssembler {
  private readonly open = new Map<string, Open>();
  /** Events finished so far, per kind and per rule. */
  readonly byKind: Record<string, number> = {};
  readonly byRule: Record<string, number> = {};

  constructor(
    private readonly cameraId: string,
    private readonly clock: 'file' | 'epoch',
  ) {}

  /** Feeds the rule events of one frame (1-based frame number); returns the events that finished. */
  add(events: readonly AnyEvent[], frame: number): AnalysisEvent[] {
    const done: AnalysisEvent[] = [];
    for (const e of events) {
      let o = this.open.get(e.situationId);
      if (!o) {
        o = { event: this.start(e), startFrame: frame };
        this.open.set(e.situationId, o);
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
      this.open.delete(e.situationId);
      this.byKind[ev.kind] = (this.byKind[ev.kind] ?? 0) + 1;
      this.byRule[ruleOf(e)] = (this.byRule[ruleOf(e)] ?? 0) + 1;
      done.push(ev);
    }
    return done;
  }

  get openCount(): number {
    return this.open.size;
  }

  private start(e: AnyEvent): AnalysisEvent {
    const ev: AnalysisEvent = {
      id: `${this.cameraId}:${e.situationId}`,
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
