import type { ExportStore } from '../ports/clips.js';
import type { SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';

export interface BudgetOptions {
  /** Recordings budget; default: the volume less the export reserve (when shared) and the free-space floor. */
  maxBytes?: number;
  /** Export budget; default: EXPORT_SHARE of the volume holding the exports. */
  exportsMaxBytes?: number;
  minFreePercent: number;
  holdsMaxPercent: number;
  /** Exports and recordings on one volume: the export budget is reserved out of the recordings'. */
  sharedVolume: boolean;
}

/** Default export budget: a tenth of their volume, enough for a few hours of requisitions at once. */
export const EXPORT_SHARE = 0.1;

/** Every figure the storage guards work from, measured at once. */
export interface StorageFigures {
  volumeBytes: number;
  freeBytes: number;
  /** Free space the volume must keep (minFreePercent). */
  floorBytes: number;
  /** Budget of the recordings and what they use (index bytes with a set budget, else the volume less exports). */
  recordingsLimit: number;
  recordingsBytes: number;
  exportsLimit: number;
  exportsBytes: number;
  /** Most bytes of footage evidence holds may keep. */
  holdsCap: number;
}

export interface Span {
  cameraId: string;
  fromMs: number;
  toMs: number;
}

/** The recordings budget, the export budget reserved out of it, the free-space floor and the holds cap. */
export class StorageBudget {
  constructor(
    private readonly store: Store,
    private readonly recordings: SegmentStorage,
    private readonly exportFiles: ExportStore,
    readonly opts: BudgetOptions,
  ) {}

  async figures(): Promise<StorageFigures> {
    const [vol, exportsBytes, exportVol] = await Promise.all([
      this.recordings.usage(),
      this.exportFiles.totalBytes(),
      this.exportFiles.usage(),
    ]);
    const floorBytes = Math.floor((vol.volumeBytes * this.opts.minFreePercent) / 100);
    const exportsLimit = this.opts.exportsMaxBytes ?? Math.floor(exportVol.volumeBytes * EXPORT_SHARE);
    const reserved = this.opts.sharedVolume ? exportsLimit : 0;
    const recordingsLimit = this.opts.maxBytes ?? Math.max(0, vol.volumeBytes - reserved - floorBytes);
    // With a set budget the index is the measure; otherwise everything on the volume but the exports.
    const recordingsBytes =
      this.opts.maxBytes !== undefined
        ? await this.store.segments.totalBytes()
        : Math.max(0, vol.volumeBytes - vol.freeBytes - (this.opts.sharedVolume ? exportsBytes : 0));
    return {
      volumeBytes: vol.volumeBytes,
      freeBytes: vol.freeBytes,
      floorBytes,
      recordingsLimit,
      recordingsBytes,
      exportsLimit,
      exportsBytes,
      holdsCap: Math.floor((recordingsLimit * this.opts.holdsMaxPercent) / 100),
    };
  }

  /**
   * Bytes of indexed footage under the active holds (and `extra`): overlapping spans of a camera are merged first,
   * so footage held twice counts once (a segment straddling two separate spans may count twice: the safe side).
   */
  async heldBytes(extra?: Span): Promise<number> {
    const spans: Span[] = [...(await this.store.holds.active()), ...(extra ? [extra] : [])];
    let n = 0;
    for (const s of mergeSpans(spans)) n += (await this.store.segments.summary(s.cameraId, s.fromMs, s.toMs)).bytes;
    return n;
  }
}

/** Per camera, overlapping or touching spans joined into one. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) =>
    a.cameraId === b.cameraId ? a.fromMs - b.fromMs : a.cameraId < b.cameraId ? -1 : 1,
  );
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && last.cameraId === s.cameraId && s.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, s.toMs);
    else out.push({ cameraId: s.cameraId, fromMs: s.fromMs, toMs: s.toMs });
  }
  return out;
}

/** Bytes for people: 1.5 MB, 820 kB. */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}
