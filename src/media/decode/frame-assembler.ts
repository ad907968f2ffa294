// Cuts a raw video byte stream (arbitrary pipe chunks) into whole frames, each in its own ArrayBuffer.

export class FrameAssembler {
  private current: Uint8Array;
  private filled = 0;
  /** Whole frames cut so far. */
  frames = 0;

  constructor(readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new Error(`bad frame size ${frameBytes}`);
    this.current = new Uint8Array(frameBytes);
  }

  /** Bytes of an unfinished frame waiting for the next chunk. */
  get partial(): number {
    return this.filled;
  }

  /**
   * Copies a chunk in (one copy per byte: pipe buffers are pooled and reused, and a frame must own its buffer to be
   * transferable) and calls `emit` for every frame it completes, in order.
   */
  push(chunk: Uint8Array, emit: (data: Uint8Array) => void): void {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(this.frameBytes - this.filled, chunk.length - off);
      this.current.set(chunk.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === this.frameBytes) {
        const done = this.current;
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
        this.frames++;
        emit(done);
      }
    }
  }

  /** Forgets a torn frame (the producer restarted: its tail will never come). Returns the bytes discarded. */
  reset(): number {
    const lost = this.filled;
    this.filled = 0;
    return lost;
  }
}
