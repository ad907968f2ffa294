import { childBoxes, findPath } from './boxes.js';

// Visual sample entry fields before its child boxes (ISO 14496-12 §12.1.3).
const VISUAL_ENTRY_HEADER = 78;

/** RFC 6381 codec string of the first video track of a moov box (`avc1.PPCCLL`, `hvc1.1.6.L93.B0`). */
export function codecString(moov: Buffer): string | undefined {
  for (const [type, trak] of childBoxes(moov)) {
    if (type !== 'trak') continue;
    const mdia = findPath(trak, ['mdia']);
    const hdlr = mdia && findPath(mdia, ['hdlr']);
    // hdlr: version/flags, pre_defined, then handler_type.
    if (!mdia || !hdlr || hdlr.length < 12 || hdlr.toString('latin1', 8, 12) !== 'vide') continue;
    const stsd = findPath(mdia, ['minf', 'stbl', 'stsd']);
    if (!stsd || stsd.length < 8) return undefined;
    for (const [entry, payload] of childBoxes(stsd, 8)) return sampleEntryCodec(entry, payload);
  }
  return undefined;
}

function sampleEntryCodec(entry: string, payload: Buffer): string | undefined {
  const children = payload.subarray(VISUAL_ENTRY_HEADER);
  if (entry === 'avc1' || entry === 'avc3') {
    const avcC = findPath(children, ['avcC']);
    if (!avcC || avcC.length < 4) return undefined;
    return `${entry}.${hex(avcC[1]!)}${hex(avcC[2]!)}${hex(avcC[3]!)}`;
  }
  if (entry === 'hvc1' || entry === 'hev1') {
    const hvcC = findPath(children, ['hvcC']);
    return hvcC && hvcC.length >= 13 ? hevcCodec(entry, hvcC) : undefined;
  }
  return undefined;
}

/** ISO 14496-15 Annex E: profile space+idc, reversed compatibility flags, tier+level, constraint bytes. */
function hevcCodec(entry: string, c: Buffer): string {
  const space = c[1]! >> 6;
  const tier = (c[1]! >> 5) & 1;
  const profile = c[1]! & 0x1f;
  const compat = reverseBits32(c.readUInt32BE(2));
  const constraints = [...c.subarray(6, 12)];
  while (constraints.length && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [
    entry,
    `${space ? 'ABC'[space - 1] : ''}${profile}`,
    compat.toString(16),
    `${tier ? 'H' : 'L'}${c[12]}`,
    ...constraints.map((b) => b.toString(16).toUpperCase()),
  ];
  return parts.join('.');
}

function reverseBits32(n: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) r = (r << 1) | ((n >>> i) & 1);
  return r >>> 0;
}

const hex = (b: number) => b.toString(16).padStart(2, '0');
