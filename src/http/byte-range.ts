// HTTP byte ranges (RFC 9110 §14): what a <video> asks for when it seeks.

export type ByteRange = { start: number; end: number };

/**
 * The one range a `Range` header asks of a `size`-byte body: undefined to send it whole (no header, another unit,
 * several ranges or a malformed one, which a server may ignore), 'unsatisfiable' for a range past its end (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    // A suffix: the last N bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
