// Person on the ground: a person track whose box turns much wider than its standing shape (after a drop of its
// top: the fall, or found so) and whose centre then stays put for stillSeconds. Ends when it looks upright again,
// or when the track is gone. Pure: fed the tracker's tracks and the time, no pixels.
import type { Box } from '../geometry/box.js';
import type { RuleTrack } from '../rules/rule-types.js';
import { type GroundOptions, type GroundOptionsInput, GroundOptionsSchema } from './ground-options.js';
import { StandingModel } from './standing-shape.js';
import { GroundTrack, type Lying } from './track-state.js';

export interface GroundEvent {
  kind: 'person_on_ground';
  /** Same for both phases of one situation. */
  situationId: string;
  phase: 'start' | 'end';
  trackIds: number[];
  box: Box;
  /** 0..1: wider than standing by more, and a fall seen, raise it. */
  score: number;
  /** ms: the first frame that looked lying. */
  startedAt: number;
  endedAt?: number;
  details: { aspect: number; standingAspect: number; stillSeconds: number; fallSeen: boolean; reason?: string };
}

export class GroundDetector {
  readonly options: GroundOptions;
  private readonly model: StandingModel;
  private readonly tracks = new Map<number, GroundTrack>();
  private seq = 0;

  /** `frameHeight` (pixels) places the camera model's bands; without it they follow the lowest box seen. */
  constructor(opts: GroundOptionsInput = {}, frameHeight?: number) {
    this.options = GroundOptionsSchema.parse(opts);
    this.model = new StandingModel(this.options.bands, this.options.cameraMinSamples, frameHeight);
  }

  update(tracks: readonly RuleTrack[], tMs: number): GroundEvent[] {
    const o = this.options;
    const out: GroundEvent[] = [];
    for (const tr of tracks) {
      if (!o.classes.includes(tr.cls) || !(tr.box[2] > 0 && tr.box[3] > 0)) continue;
      const st = this.tracks.get(tr.id) ?? new GroundTrack(tr.id, tr.box, tMs);
      this.tracks.set(tr.id, st);
      const ev = this.step(st, tr, tMs);
      if (ev) out.push(ev);
    }
    for (const st of [...this.tracks.values()]) {
      if (tMs - st.lastSeenMs <= o.lostGraceSeconds * 1000) continue;
      const ev = this.finish(st, st.lastSeenMs, 'track lost');
      if (ev) out.push(ev);
      this.tracks.delete(st.id);
    }
    return out;
  }

  /** Ends every open situation (the stream stopped). */
  flush(tMs: number): GroundEvent[] {
    const out = [...this.tracks.values()].flatMap((st) => this.finish(st, tMs, 'stream ended') ?? []);
    this.tracks.clear();
    return out;
  }

  private step(st: GroundTrack, tr: RuleTrack, tMs: number): GroundEvent | undefined {
    const o = this.options;
    const box: Box = [tr.box[0], tr.box[1], tr.box[2], tr.box[3]];
    const measured = !((tr.timeSinceUpdateMs ?? 0) > 0);
    const [x, y, w, h] = box;
    st.lastSeenMs = tMs;
    st.box = box;
    const own = st.upSamples >= o.uprightMinSamples ? { aspect: st.upAspect, height: st.upHeight } : undefined;
    const ref = own ?? this.model.at(y + h);
    const refAspect = ref?.aspect ?? o.defaultStandingAspect;
    const aspect = w / h;
    const lyingNow =
      aspect >= Math.max(o.minLyingAspect, o.lyingAspectRatio * refAspect) &&
      (ref === undefined || h <= o.maxLyingHeightShare * ref.height);
    const uprightNow = aspect < o.uprightRatio * refAspect;
    // A predicted box is no evidence: it neither teaches the standing shape nor starts or moves a lying episode.
    if (!measured) return undefined;
    st.pushTop(box, tMs, o.fallWindowSeconds * 1000);
    if (uprightNow && !st.lying) {
      st.learnUpright(box);
      this.model.add(box);
    }
    const cx = x + w / 2;
    const cy = y + h / 2;
    const standingH = ref?.height ?? h / o.defaultStandingAspect;
    if (!st.lying) {
      if (!lyingNow) return undefined;
      st.lying = {
        since: tMs,
        anchorX: cx,
        anchorY: cy,
        stillSince: tMs,
        fallSeen: false,
        score: 0,
        aspect,
        refAspect,
      };
    }
    const ly = st.lying;
    // The drop of the top may finish a few frames after the box turned wide (the tracker smooths it).
    if (tMs - ly.since <= o.fallWindowSeconds * 1000) ly.fallSeen ||= st.fellBy(o.fallMinDrop, standingH);
    if (uprightNow) {
      ly.upSince ??= tMs;
      if (tMs - ly.upSince < o.exitGraceSeconds * 1000) return undefined;
      const ev = this.finish(st, tMs, 'up again');
      st.lying = undefined;
      return ev;
    }
    ly.upSince = undefined;
    // Not raised yet and no longer meeting every test (e.g. the camera model now says it is as tall as a standing
    // person): not a lying person, start over.
    if (!ly.situationId && !lyingNow) {
      st.lying = undefined;
      return undefined;
    }
    ly.aspect = aspect;
    ly.refAspect = refAspect;
    if (Math.hypot(cx - ly.anchorX, cy - ly.anchorY) > o.stillMaxMove * Math.max(w, h)) {
      // Moving (rolling, crawling, or not a person lying at all): stillness starts over from here.
      Object.assign(ly, { anchorX: cx, anchorY: cy, stillSince: tMs });
    }
    if (ly.situationId || tMs - ly.stillSince < o.stillSeconds * 1000) return undefined;
    ly.situationId = `person_on_ground#${++this.seq}`;
    ly.score = score(ly, o.lyingAspectRatio);
    return this.event(st, ly, 'start', tMs);
  }

  private finish(st: GroundTrack, tMs: number, reason: string): GroundEvent | undefined {
    const ly = st.lying;
    if (!ly?.situationId) return undefined;
    const ev = this.event(st, ly, 'end', tMs, reason);
    st.lying = undefined;
    return ev;
  }

  private event(st: GroundTrack, ly: Lying, phase: 'start' | 'end', tMs: number, reason?: string): GroundEvent {
    const r2 = (v: number) => Math.round(v * 100) / 100;
    return {
      kind: 'person_on_ground',
      situationId: ly.situationId!,
      phase,
      trackIds: [st.id],
      box: st.box,
      score: r2(ly.score),
      startedAt: ly.since,
      ...(phase === 'end' ? { endedAt: tMs } : {}),
      details: {
        aspect: r2(ly.aspect),
        standingAspect: r2(ly.refAspect),
        stillSeconds: r2((tMs - ly.stillSince) / 1000),
        fallSeen: ly.fallSeen,
        ...(reason ? { reason } : {}),
      },
    };
  }
}

/** 0.5 for a lying still box, up to +0.25 for how much wider than standing it is, +0.25 for a fall seen. */
function score(ly: Lying, ratio: number): number {
  const wider = Math.min(1, Math.max(0, (ly.aspect / ly.refAspect - ratio) / ratio));
  return 0.5 + 0.25 * wider + (ly.fallSeen ? 0.25 : 0);
}
