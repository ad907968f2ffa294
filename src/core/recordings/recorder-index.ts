import type { MediaInspector, SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import { parseSegmentRelPath, segmentId, segmentRelPath } from './layout.js';

export interface ClosedSegmentFile {
  cameraId: string;
  /** Absolute path of the closed file in the incoming folder. */
  file: string;
  startMs: number;
  endMs: number;
}

export interface ReconcileReport {
  indexed: number;
  repaired: number;
  discarded: number;
  staleRows: number;
}

/** Shortest recovered fragment worth keeping; anything shorter is an empty file left by a crash. */
const MIN_KEEP_SEC = 0.3;

/**
 * The segment index: a closed file is moved into place first, then indexed, so a crash in between leaves a file
 * that reconcile() indexes at the next start — never an index row without its file.
 */
export class RecordingIndex {
  constructor(
    private readonly store: Store,
    private readonly storage: SegmentStorage,
    private readonly inspector: MediaInspector,
    private readonly codec = 'h264',
  ) {}

  /**
   * A file in a camera's folder recorded before that id's camera was deleted belongs to the deleted camera's
   * archive (the recorder's last segment, a leftover found at start), never to a camera re-created with the id.
   */
  private owner(cameraId: string, startMs: number): Promise<string> {
    return this.store.cameras.ownerAt(cameraId, startMs);
  }

  async indexClosed(s: ClosedSegmentFile) {
    const rel = segmentRelPath(s.cameraId, s.startMs);
    const bytes = await this.storage.adopt(s.file, rel);
    const seg = {
      id: segmentId(s.cameraId, s.startMs),
      cameraId: await this.owner(s.cameraId, s.startMs),
      startMs: s.startMs,
      endMs: s.endMs,
      path: rel,
      bytes,
      codec: this.codec,
    };
    await this.store.segments.add(seg);
    return seg;
  }

  /** Brings index and disk into agreement after a crash: adopt or repair leftovers, drop rows without files. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { indexed: 0, repaired: 0, discarded: 0, staleRows: 0 };
    const indexed = new Set(await this.store.segments.allPaths());
    const onDisk = new Set<string>();
    for await (const rel of this.storage.list()) {
      onDisk.add(rel);
      if (indexed.has(rel)) continue;
      const incoming = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/\.incoming\/\1_(\d+)_[0-9a-f]+\.mp4$/.exec(rel);
      if (incoming) {
        await this.recoverIncoming(rel, incoming[1]!, Number(incoming[2]) * 1000, report);
        continue;
      }
      const canonical = parseSegmentRelPath(rel);
      const probe = canonical && (await this.inspector.probe(this.storage.absolute(rel)));
      if (canonical && probe && probe.durationSec >= MIN_KEEP_SEC) {
        await this.store.segments.add({
          id: segmentId(canonical.cameraId, canonical.startMs),
          cameraId: await this.owner(canonical.cameraId, canonical.startMs),
          startMs: canonical.startMs,
          endMs: canonical.startMs + Math.round(probe.durationSec * 1000),
          path: rel,
          bytes: await this.storage.size(rel),
          codec: probe.codec,
        });
        report.indexed++;
      } else if (canonical || rel.endsWith('.mp4') || rel.endsWith('.tmp')) {
        await this.storage.remove(rel);
        report.discarded++;
      }
    }
    const stale = [...indexed].filter((p) => !onDisk.has(p));
    for (const path of stale) {
      const seg = await this.store.segments.byPath(path);
      if (seg) report.staleRows += await this.store.segments.delete([seg.id]);
    }
    return report;
  }

  /** A file its recorder left unlisted (stopped mid-segment): repaired and indexed, or removed if empty. */
  async recoverLeftover(cameraId: string, absFile: string): Promise<ReconcileReport> {
    const report: ReconcileReport = { indexed: 0, repaired: 0, discarded: 0, staleRows: 0 };
    const name = absFile.slice(absFile.lastIndexOf('/') + 1);
    const m = /_(\d+)_[0-9a-f]+\.mp4$/.exec(name);
    if (!m) return report;
    await this.recoverIncoming(`${cameraId}/.incoming/${name}`, cameraId, Number(m[1]) * 1000, report);
    return report;
  }

  /** A segment that was open when the recorder died: keep what is readable, repaired into a clean MP4. */
  private async recoverIncoming(rel: string, cameraId: string, approxStartMs: number, report: ReconcileReport) {
    const abs = this.storage.absolute(rel);
    const fixed = `${abs}.repaired.tmp`;
    const ok = await this.inspector.repair(abs, fixed);
    const probe = ok ? await this.inspector.probe(fixed) : undefined;
    await this.storage.remove(rel);
    if (!probe || probe.durationSec < MIN_KEEP_SEC) {
      if (ok) await this.storage.remove(`${rel}.repaired.tmp`);
      report.discarded++;
      return;
    }
    const target = segmentRelPath(cameraId, approxStartMs);
    const bytes = await this.storage.adopt(fixed, target);
    await this.store.segments.add({
      id: segmentId(cameraId, approxStartMs),
      cameraId: await this.owner(cameraId, approxStartMs),
      startMs: approxStartMs,
      endMs: approxStartMs + Math.round(probe.durationSec * 1000),
      path: target,
      bytes,
      codec: probe.codec,
    });
    report.repaired++;
  }
}
