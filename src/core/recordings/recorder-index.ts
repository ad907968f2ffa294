import type { Segment } from '../ports/recordings.js';
import type { MediaInspector, SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import { parseSegmentRelPath, segmentId, segmentRelPath } from './layout.js';

export interface ClosedSegmentFile {
  cameraId: string;
  /** Absolute path of the closed file in the incoming folder. */
  file: string;
  startMs: number;
  /** When the recorder saw it end (stream time on the wall clock): compared with the media time the file holds. */
  endMs: number;
}

export interface ReconcileReport {
  indexed: number;
  repaired: number;
  discarded: number;
  staleRows: number;
  /** Of those indexed or repaired: files holding less than was recorded (cut by a crash or a full disk). */
  partial: number;
}

/** A listed segment and its file agree within a frame or two; beyond this the file lost footage (full disk). */
const PARTIAL_TOLERANCE_MS = 250;
/** An overlap this small with the previous segment is an estimate's error (the wall-clock anchor, whole seconds in a
 * leftover's name), not two recordings of the same moment: the later segment starts where the earlier one ends. */
const MAX_SHIFT_MS = 2000;
const INCOMING = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/\.incoming\/\1_(\d+)_[0-9a-f]+\.mp4$/;

const newReport = (): ReconcileReport => ({ indexed: 0, repaired: 0, discarded: 0, staleRows: 0, partial: 0 });

/**
 * The segment index: a closed file is moved into place first, then indexed, so a crash in between leaves a file
 * that reconcile() indexes at the next start — never an index row without its file. A segment's duration is the media
 * time its file really holds (read from the file, not the wall clock), and consecutive segments never overlap.
 */
export class RecordingIndex {
  constructor(
    private readonly store: Store,
    private readonly storage: SegmentStorage,
    private readonly inspector: MediaInspector,
    private readonly codec = 'h264',
    /** The cluster node this process is: written on each segment it indexes (absent: the embedded centre). */
    private readonly node?: string,
  ) {}

  /**
   * A file in a camera's folder recorded before that id's camera was deleted belongs to the deleted camera's
   * archive (the recorder's last segment, a leftover found at start), never to a camera re-created with the id.
   */
  private owner(cameraId: string, startMs: number): Promise<string> {
    return this.store.cameras.ownerAt(cameraId, startMs);
  }

  /** Indexes a segment its recorder closed; undefined when the file holds no frame (it is removed). */
  async indexClosed(s: ClosedSegmentFile): Promise<Segment | undefined> {
    const timing = await this.inspector.timing(s.file).catch(() => undefined);
    if (!timing || timing.truncated) {
      // Cut mid-fragment (a write failed): salvaged like a crash's leftover, what plays is kept.
      const r = newReport();
      return this.salvage(s.file, s.cameraId, s.startMs, r);
    }
    const mediaMs = Math.round(timing.durationSec * 1000);
    if (mediaMs <= 0) {
      await this.storage.remove(this.relOf(s.cameraId, s.file));
      return undefined;
    }
    // Whole fragments missing (the disk filled between two): the file is consistent but shorter than the recording.
    const partial = s.endMs - s.startMs - mediaMs > PARTIAL_TOLERANCE_MS;
    return this.place(s.cameraId, s.file, s.startMs, mediaMs, this.codec, partial);
  }

  /**
   * Brings index and disk into agreement after a crash: adopt or repair leftovers, drop rows without files. With
   * `cameraId`, only that camera's folder and rows (a cluster recorder taking one camera over): `files` are then paths
   * in that folder, and no other camera's row is judged.
   */
  async reconcile(files?: string[], cameraId?: string): Promise<ReconcileReport> {
    const report = newReport();
    const listed = files ?? (await this.listFiles(cameraId));
    const indexed = new Set(await (cameraId ? this.store.segments.pathsIn(cameraId) : this.store.segments.allPaths()));
    const onDisk = new Set(listed);
    // Finished files first, each in time order: a leftover is placed after the segment before it.
    const order = (rel: string) => (INCOMING.test(rel) ? 1 : 0);
    for (const rel of [...listed].sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
      if (indexed.has(rel)) continue;
      const incoming = INCOMING.exec(rel);
      if (incoming) {
        await this.salvage(this.storage.absolute(rel), incoming[1]!, Number(incoming[2]) * 1000, report);
        continue;
      }
      const canonical = parseSegmentRelPath(rel);
      if (canonical) {
        await this.salvage(this.storage.absolute(rel), canonical.cameraId, canonical.startMs, report, rel);
      } else if (rel.endsWith('.mp4') || rel.endsWith('.tmp')) {
        await this.storage.remove(rel);
        report.discarded++;
      }
    }
    // A row is stale when its file is gone, also now: recorders may have added files since the listing.
    for (const path of [...indexed].filter((p) => !onDisk.has(p))) {
      if (await this.storage.exists(path)) continue;
      const seg = await this.store.segments.byPath(path);
      if (seg) report.staleRows += await this.store.segments.delete([seg.id]);
    }
    return report;
  }

  /** Every file under the recordings root (or one camera's folder) now (taken before recorders start, reconciled after). */
  async listFiles(under?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const rel of this.storage.list(under)) out.push(rel);
    return out;
  }

  /**
   * A file its recorder left unlisted (stopped mid-segment): repaired and indexed, or removed if empty. `recordedMs`:
   * the media the recorder passed on into it, when known; a file holding less was cut (full disk) and is flagged.
   */
  async recoverLeftover(cameraId: string, absFile: string, recordedMs?: number): Promise<ReconcileReport> {
    const report = newReport();
    const name = absFile.slice(absFile.lastIndexOf('/') + 1);
    const m = /_(\d+)_[0-9a-f]+\.mp4$/.exec(name);
    if (!m) return report;
    await this.salvage(absFile, cameraId, Number(m[1]) * 1000, report, undefined, recordedMs);
    return report;
  }

  /**
   * A file nobody indexed (open when its recorder died, cut by a full disk, or moved into place just before a crash):
   * kept as it is when it is whole, else repaired by stream copy (or cut to its last complete fragment) and flagged
   * partial; removed only when not one frame can be read from it.
   */
  private async salvage(
    abs: string,
    cameraId: string,
    startMs: number,
    report: ReconcileReport,
    canonical?: string,
    recordedMs?: number,
  ) {
    const rel = canonical ?? this.relOf(cameraId, abs);
    const timing = await this.inspector.timing(abs).catch(() => undefined);
    const probe = await this.inspector.probe(abs);
    if (timing && !timing.truncated && timing.durationSec > 0 && probe) {
      const ms = Math.round(timing.durationSec * 1000);
      // Whole fragments, but fewer than recorded: the disk filled between two.
      const cut = recordedMs !== undefined && recordedMs - ms > PARTIAL_TOLERANCE_MS;
      const seg = canonical
        ? await this.indexInPlace(canonical, cameraId, startMs, ms, probe.codec)
        : await this.place(cameraId, abs, startMs, ms, probe.codec, cut);
      report.indexed++;
      if (cut) report.partial++;
      return seg;
    }
    if (!timing && probe && canonical) {
      // Not fragmented (a file an earlier repair rewrote): ffprobe's duration is exact for it.
      const seg = await this.indexInPlace(
        canonical,
        cameraId,
        startMs,
        Math.round(probe.durationSec * 1000),
        probe.codec,
      );
      report.indexed++;
      return seg;
    }
    const fixed = `${abs}.repaired.tmp`;
    const ok = await this.inspector.repair(abs, fixed);
    const repaired = ok ? await this.inspector.probe(fixed) : undefined;
    await this.storage.remove(rel);
    if (!repaired) {
      if (ok) await this.storage.remove(`${rel}.repaired.tmp`);
      report.discarded++;
      return undefined;
    }
    const seg = await this.place(
      cameraId,
      fixed,
      startMs,
      Math.round(repaired.durationSec * 1000),
      repaired.codec,
      true,
    );
    report.repaired++;
    report.partial++;
    return seg;
  }

  /** Moves a file into place at its start (shifted past a small overlap with the segment before) and indexes it. */
  private async place(
    cameraId: string,
    abs: string,
    startMs: number,
    mediaMs: number,
    codec: string,
    partial: boolean,
  ) {
    // Whose history the file is: asked once, for the overlap check and the row.
    const owner = await this.owner(cameraId, startMs);
    const start = await this.startAfterPrevious(owner, startMs);
    const rel = segmentRelPath(cameraId, start);
    const bytes = await this.storage.adopt(abs, rel);
    return this.add({ cameraId, startMs: start, endMs: start + mediaMs, path: rel, bytes, codec, partial }, owner);
  }

  /** A finished file already in place (its name fixes its start). */
  private async indexInPlace(rel: string, cameraId: string, startMs: number, mediaMs: number, codec: string) {
    const bytes = await this.storage.size(rel);
    return this.add({ cameraId, startMs, endMs: startMs + mediaMs, path: rel, bytes, codec, partial: false });
  }

  /** Indexes a file of `s.cameraId`'s folder under `owner`: the camera, or its archive (see owner()). */
  private async add(s: Omit<Segment, 'id'>, owner?: string): Promise<Segment> {
    const cameraId = owner ?? (await this.owner(s.cameraId, s.startMs));
    // A later segment already indexed (a leftover salvaged after the next run began): this one ends where it starts.
    const next = (await this.store.segments.range(cameraId, s.startMs + 1, s.endMs)).find((o) => o.startMs > s.startMs);
    const endMs = next ? Math.min(s.endMs, next.startMs) : s.endMs;
    const seg: Segment = {
      id: segmentId(s.cameraId, s.startMs),
      ...s,
      cameraId,
      endMs,
      ...(this.node && { node: this.node }),
    };
    if (!seg.partial) delete seg.partial;
    await this.store.segments.add(seg);
    return seg;
  }

  /** `owner`: the id the segments before are indexed under (the camera, or its archive). */
  private async startAfterPrevious(owner: string, startMs: number): Promise<number> {
    const covering = await this.store.segments.range(owner, startMs, startMs + 1);
    const prevEnd = Math.max(...covering.filter((o) => o.startMs < startMs).map((o) => o.endMs), startMs);
    return prevEnd - startMs <= MAX_SHIFT_MS ? prevEnd : startMs;
  }

  private relOf(cameraId: string, abs: string): string {
    return `${cameraId}/.incoming/${abs.slice(abs.lastIndexOf('/') + 1)}`;
  }
}
