// The media time a fragmented MP4 segment really holds, read from its boxes (no ffprobe): what the recorder wrote
// may be cut short by a full disk or a crash, and only the samples whose bytes are all on disk are footage.
import { open, rename, truncate } from 'node:fs/promises';
import { childBoxes, findPath } from '../live/boxes.js';

export interface Fmp4Timing {
  /** Media time covered by samples whose bytes are all in the file (what plays), seconds. */
  durationSec: number;
  /** Media time the fragments announce, samples cut off included, seconds. */
  declaredSec: number;
  /** Some fragment or sample extends past the end of the file. */
  truncated: boolean;
  /** Bytes up to the end of the last complete fragment (moof and all its samples): a valid file when cut there. */
  completeBytes: number;
  fragments: number;
  /** Where a fragment was cut: how to keep its whole samples (see cutToPlayable). */
  cut?: FragmentCut;
}

/** A fragment cut mid-data: its trun's sample count, its mdat's header, and where its last whole sample ends. */
export interface FragmentCut {
  /** File offset of the trun's sample_count field. */
  countAt: number;
  /** Whole samples (a prefix of the run). */
  keep: number;
  /** File offset of the mdat that follows (32-bit size header); undefined if none was written. */
  mdatAt?: number;
  /** Byte after the last whole sample. */
  end: number;
}

interface Defaults {
  timescale: number;
  duration: number;
  size: number;
}

type Handle = Awaited<ReturnType<typeof open>>;

async function readAt(fh: Handle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

/** Timing of a fragmented MP4 (ffmpeg `-movflags frag_keyframe+empty_moov`); undefined when it is not one. */
export async function readFmp4Timing(file: string): Promise<Fmp4Timing | undefined> {
  const fh = await open(file, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const defaults: Defaults = { timescale: 0, duration: 0, size: 0 };
    let firstDts: number | undefined;
    let playableEnd: number | undefined;
    let declaredEnd = 0;
    let truncated = false;
    let completeBytes = 0;
    let fragments = 0;
    let pendingComplete = false; // the last moof's samples all fit: its mdat decides completeBytes
    let cut: FragmentCut | undefined;
    for (let pos = 0; pos + 8 <= fileSize; ) {
      const head = await readAt(fh, pos, 16);
      let size = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (size === 1 && head.length >= 16) size = Number(head.readBigUInt64BE(8));
      else if (size === 0) size = fileSize - pos;
      if (size < 8) return undefined;
      if (pos + size > fileSize) {
        truncated = true;
        if (type !== 'mdat') break;
      }
      if (type === 'moov') readMoov(await readAt(fh, pos, size), defaults);
      else if (type === 'moof') {
        if (!defaults.timescale || pos + size > fileSize) break;
        const f = readMoof(await readAt(fh, pos, size), pos, defaults, fileSize);
        if (!f) return undefined;
        fragments++;
        firstDts ??= f.baseDts;
        declaredEnd = f.baseDts + f.declared;
        if (f.playable > 0) playableEnd = f.baseDts + f.playable;
        if (f.playable < f.declared) {
          truncated = true;
          if (f.cut) cut = { ...f.cut };
        }
        pendingComplete = f.playable === f.declared;
        if (pendingComplete) completeBytes = Math.max(completeBytes, f.dataEnd);
      } else if (type === 'mdat' && pendingComplete && pos + size <= fileSize) {
        completeBytes = Math.max(completeBytes, pos + size);
      } else if (type === 'mdat' && cut && cut.mdatAt === undefined && head.readUInt32BE(0) !== 1) {
        cut.mdatAt = pos;
      }
      pos += size;
    }
    if (!defaults.timescale) return undefined;
    const start = firstDts ?? 0;
    return {
      durationSec: playableEnd === undefined ? 0 : (playableEnd - start) / defaults.timescale,
      declaredSec: fragments ? (declaredEnd - start) / defaults.timescale : 0,
      truncated,
      completeBytes,
      fragments,
      ...(cut && { cut }),
    };
  } finally {
    await fh.close();
  }
}

function readMoov(box: Buffer, d: Defaults) {
  const moov = box.subarray(8);
  const mdhd = findPath(moov, ['trak', 'mdia', 'mdhd']);
  if (mdhd) d.timescale = mdhd.readUInt8(0) === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
  const trex = findPath(moov, ['mvex', 'trex']);
  if (trex && trex.length >= 24) {
    d.duration = trex.readUInt32BE(12);
    d.size = trex.readUInt32BE(16);
  }
}

/** One fragment's first track: base decode time, announced and playable durations (timescale units). */
function readMoof(box: Buffer, moofPos: number, d: Defaults, fileSize: number) {
  let traf: Buffer | undefined;
  for (const [t, p] of childBoxes(box, 8)) if (t === 'traf') traf ??= p;
  if (!traf) return undefined;
  const tfhd = findPath(traf, ['tfhd']);
  const tfdt = findPath(traf, ['tfdt']);
  if (!tfhd || !tfdt) return undefined;
  const hf = tfhd.readUInt32BE(0) & 0xffffff;
  let at = 8;
  let base = moofPos;
  if (hf & 0x01) {
    base = Number(tfhd.readBigUInt64BE(at));
    at += 8;
  }
  if (hf & 0x02) at += 4;
  let defDuration = d.duration;
  let defSize = d.size;
  if (hf & 0x08) {
    defDuration = tfhd.readUInt32BE(at);
    at += 4;
  }
  if (hf & 0x10) defSize = tfhd.readUInt32BE(at);
  const baseDts = tfdt.readUInt8(0) === 1 ? Number(tfdt.readBigUInt64BE(4)) : tfdt.readUInt32BE(4);
  let declared = 0;
  let playable = 0;
  let dataEnd = moofPos + box.length;
  let cut: Omit<FragmentCut, 'mdatAt'> | undefined;
  let runs = 0;
  // Offset of traf's payload in the file, to locate the trun's sample_count for an in-place cut.
  const trafAt = moofPos + traf.byteOffset - box.byteOffset;
  for (const [t, trun] of childBoxes(traf, 0)) {
    if (t !== 'trun') continue;
    runs++;
    const trunAt = trafAt + trun.byteOffset - traf.byteOffset;
    let kept = 0;
    let keptEnd = 0;
    const f = trun.readUInt32BE(0) & 0xffffff;
    const count = trun.readUInt32BE(4);
    let p = 8;
    let data = base;
    if (f & 0x01) {
      data += trun.readInt32BE(p);
      p += 4;
    }
    if (f & 0x04) p += 4;
    for (let i = 0; i < count; i++) {
      const dur = f & 0x100 ? trun.readUInt32BE(p) : defDuration;
      if (f & 0x100) p += 4;
      const size = f & 0x200 ? trun.readUInt32BE(p) : defSize;
      if (f & 0x200) p += 4;
      if (f & 0x400) p += 4;
      if (f & 0x800) p += 4;
      declared += dur;
      data += size;
      // Samples are stored in order: once one is cut off, none after it plays.
      if (data <= fileSize && playable === declared - dur) {
        playable += dur;
        kept++;
        keptEnd = data;
      }
      dataEnd = Math.max(dataEnd, data);
    }
    if (kept < count && kept > 0) cut = { countAt: trunAt + 4, keep: kept, end: keptEnd };
  }
  return { baseDts, declared, playable, dataEnd, cut: runs === 1 ? cut : undefined };
}

/**
 * Keeps what plays of a cut file and renames it to `dst`, in place (it works on the full disk that cut it): a file
 * cut inside a fragment keeps that fragment's whole samples (its sample count and data size rewritten), else it is cut
 * after its last complete fragment. False when not one frame would remain.
 */
export async function cutToPlayable(src: string, dst: string): Promise<boolean> {
  const t = await readFmp4Timing(src).catch(() => undefined);
  if (!t || t.durationSec <= 0) return false;
  if (t.cut && t.cut.mdatAt !== undefined) {
    const fh = await open(src, 'r+');
    try {
      const u32 = (n: number) => {
        const b = Buffer.alloc(4);
        b.writeUInt32BE(n);
        return b;
      };
      await fh.write(u32(t.cut.keep), 0, 4, t.cut.countAt);
      await fh.write(u32(t.cut.end - t.cut.mdatAt), 0, 4, t.cut.mdatAt);
      await fh.truncate(t.cut.end);
    } finally {
      await fh.close();
    }
  } else if (t.completeBytes > 0) {
    await truncate(src, t.completeBytes);
  } else return false;
  await rename(src, dst);
  return true;
}
