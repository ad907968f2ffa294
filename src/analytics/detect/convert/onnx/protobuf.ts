// Minimal protobuf (wire format) writer: just what an ONNX ModelProto needs, no dependency.
// Wire types: 0 = varint, 1 = 64-bit, 2 = length-delimited, 5 = 32-bit.

const utf8 = new TextEncoder();

export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(BigInt(field * 8 + wireType));
  }

  // Negative int64 values are sent as their 64-bit two's complement (10 bytes), as protobuf requires.
  rawVarint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  rawBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** int32 / int64 / enum / bool field. */
  varint(field: number, value: number | bigint | boolean): void {
    this.tag(field, 0);
    this.rawVarint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }

  /** float field (fixed 32-bit, little-endian). */
  float(field: number, value: number): void {
    this.tag(field, 5);
    this.reserve(4);
    new DataView(this.buf.buffer).setFloat32(this.len, value, true);
    this.len += 4;
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, 2);
    this.rawVarint(value.length);
    this.rawBytes(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, utf8.encode(value));
  }

  /** Embedded message: written into a child writer, then length-prefixed here. */
  message(field: number, write: (w: ProtoWriter) => void): void {
    const child = new ProtoWriter();
    write(child);
    this.bytes(field, child.finish());
  }

  /** Repeated int64 as one packed length-delimited field. */
  packedVarints(field: number, values: ArrayLike<number | bigint>): void {
    const child = new ProtoWriter();
    for (let i = 0; i < values.length; i++) child.rawVarint(values[i]!);
    this.bytes(field, child.finish());
  }

  /** Repeated float as one packed length-delimited field. */
  packedFloats(field: number, values: ArrayLike<number>): void {
    const data = Float32Array.from(values);
    this.bytes(field, littleEndianBytes(data));
  }
}

/** Bytes of a typed array in little-endian order (ONNX raw_data), whatever the host order. */
export function littleEndianBytes(
  data: Float32Array | Int32Array | BigInt64Array | Int8Array | Uint8Array,
): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof Int8Array) return new Uint8Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  else if (data instanceof Int32Array) for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i]!, true);
  else for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, data[i]!, true);
  return out;
}
