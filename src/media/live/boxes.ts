// ISO BMFF box reading: just what the live relay needs (children, paths, sample flags).

/** Children of a box (or of a byte range holding boxes), as [type, payload without header]. */
export function* childBoxes(buf: Buffer, start = 8, end = buf.length): Generator<[string, Buffer]> {
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= end) {
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) return;
    yield [buf.toString('latin1', at + 4, at + 8), buf.subarray(at + header, at + size)];
    at += size;
  }
}

/** First child of the given type, descending a path (e.g. `traf`, `trun`); payloads exclude headers. */
export function findPath(payload: Buffer, path: string[]): Buffer | undefined {
  let cur: Buffer | undefined = payload;
  for (const type of path) {
    let next: Buffer | undefined;
    for (const [t, p] of childBoxes(cur, 0)) {
      if (t === type) {
        next = p;
        break;
      }
    }
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

const NON_SYNC = 0x10000;

/** Reads sample flags from moof/traf (tfhd, trun) to tell whether the fragment starts on a sync sample. */
export function firstSampleIsSync(moof: Buffer, defaultFlags?: number): boolean {
  const traf = findPath(moof.subarray(8), ['traf']);
  if (!traf) return false;
  let flags = defaultFlags;
  const tfhd = findPath(traf, ['tfhd']);
  if (tfhd && tfhd.length >= 8) {
    const f = tfhd.readUInt32BE(0) & 0xffffff;
    let at = 8; // version/flags + track_ID
    if (f & 0x01) at += 8;
    if (f & 0x02) at += 4;
    if (f & 0x08) at += 4;
    if (f & 0x10) at += 4;
    if (f & 0x20 && tfhd.length >= at + 4) flags = tfhd.readUInt32BE(at);
  }
  const trun = findPath(traf, ['trun']);
  if (trun && trun.length >= 8) {
    const f = trun.readUInt32BE(0) & 0xffffff;
    const count = trun.readUInt32BE(4);
    let at = 8;
    if (f & 0x01) at += 4;
    if (f & 0x04 && trun.length >= at + 4) {
      flags = trun.readUInt32BE(at);
    } else if (f & 0x400 && count > 0) {
      if (f & 0x04) at += 4;
      if (f & 0x100) at += 4;
      if (f & 0x200) at += 4;
      if (trun.length >= at + 4) flags = trun.readUInt32BE(at);
    }
  }
  // Without flags anywhere, say no: a viewer then waits for an explicit keyframe.
  return flags !== undefined && (flags & NON_SYNC) === 0;
}

/** default_sample_flags of the first trex in a moov box. */
export function trexDefaultFlags(moov: Buffer): number | undefined {
  const trex = findPath(moov.subarray(8), ['mvex', 'trex']);
  return trex && trex.length >= 24 ? trex.readUInt32BE(20) : undefined;
}
