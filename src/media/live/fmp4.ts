import { firstSampleIsSync, trexDefaultFlags } from './boxes.js';
import { codecString } from './mp4-codec.js';

/** The init segment (ftyp + moov): what a decoder needs before any fragment. */
export interface InitSegment {
  kind: 'init';
  data: Buffer;
  /** RFC 6381 codec string for MSE, e.g. `avc1.64001f`; undefined if the sample entry is not understood. */
  codec: string | undefined;
}

/** One moof + mdat pair (plus any styp/sidx/prft boxes that came just before it). */
export interface Fragment {
  kind: 'fragment';
  data: Buffer;
  /** Its first sample is a sync sample: a viewer may start decoding here. */
  keyframe: boolean;
}

export type Fmp4Part = InitSegment | Fragment;

// A box this large on a live pipe means the stream is corrupt; refuse rather than buffer without end.
const MAX_BOX = 64 * 1024 * 1024;

/**
 * Incremental splitter for fragmented MP4 arriving in arbitrary chunks (e.g. ffmpeg on a pipe): yields the init
 * segment once, then each fragment as one Buffer.
 */
export class Fmp4Splitter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private pending: Buffer[] = [];
  private initDone = false;
  /** Sample flags from moov/mvex/trex, used when a fragment carries none of its own. */
  private trexFlags: number | undefined;

  /** Feeds bytes; returns the parts completed by them, in order. Throws on a malformed box header. */
  push(chunk: Buffer): Fmp4Part[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Fmp4Part[] = [];
    for (let box = this.nextBox(); box; box = this.nextBox()) this.onBox(box, out);
    return out;
  }

  private onBox(box: Buffer, out: Fmp4Part[]) {
    const type = box.toString('latin1', 4, 8);
    this.pending.push(box);
    if (!this.initDone) {
      if (type !== 'moov') return;
      const data = Buffer.concat(this.pending);
      this.pending = [];
      this.initDone = true;
      this.trexFlags = trexDefaultFlags(box);
      out.push({ kind: 'init', data, codec: codecString(box) });
      return;
    }
    if (type !== 'mdat') return;
    const data = Buffer.concat(this.pending);
    const moof = this.pending.find((b) => b.toString('latin1', 4, 8) === 'moof');
    this.pending = [];
    // An mdat without a moof (e.g. a stray box after the trailer) is not a playable fragment.
    if (moof) out.push({ kind: 'fragment', data, keyframe: firstSampleIsSync(moof, this.trexFlags) });
  }

  /** Takes one complete top-level box off the front of the buffer, or undefined if it has not all arrived. */
  private nextBox(): Buffer | undefined {
    if (this.buffered < 8) return undefined;
    const head = this.peek(16);
    let size = head.readUInt32BE(0);
    if (size === 1) {
      if (head.length < 16) return undefined;
      const big = head.readBigUInt64BE(8);
      if (big > BigInt(MAX_BOX)) throw new Error(`fMP4: box of ${big} bytes refused`);
      size = Number(big);
    }
    if (size === 0) throw new Error('fMP4: box extending to end of stream is not supported on a live pipe');
    if (size < 8 || size > MAX_BOX) throw new Error(`fMP4: bad box size ${size} (${head.toString('latin1', 4, 8)})`);
    if (this.buffered < size) return undefined;
    return this.take(size);
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n || this.chunks.length === 1) return first.subarray(0, n);
    // Only the chunks that hold the first n bytes: a big box arriving in tiny chunks stays linear.
    const head: Buffer[] = [];
    for (let i = 0, got = 0; i < this.chunks.length && got < n; i++) {
      head.push(this.chunks[i]!);
      got += this.chunks[i]!.length;
    }
    return Buffer.concat(head).subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let box: Buffer;
    if (first.length >= n) {
      // Copy so the fragment does not pin a large pipe chunk in memory for as long as viewers hold it.
      box = Buffer.from(first.subarray(0, n));
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      box = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return box;
  }
}
