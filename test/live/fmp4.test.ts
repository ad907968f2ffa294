import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { type Fmp4Part, Fmp4Splitter } from '../../src/media/live/fmp4.js';

/** Real ffmpeg fMP4 output, as the relay gets it on its pipe. */
function ffmpegFmp4(codec: string[], movflags: string, extra: string[] = []): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      ...[
        '-nostdin',
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=160x90:rate=25',
        '-t',
        '2',
      ],
      ...codec,
      ...['-f', 'mp4', '-movflags', movflags, ...extra, 'pipe:1'],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

const h264 = (profile: string) => [
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-profile:v',
  profile,
  '-g',
  '10',
  '-bf',
  '0',
];
const LIVE_FLAGS = 'empty_moov+default_base_moof+frag_keyframe+frag_every_frame';

function split(buf: Buffer, chunk: (i: number) => number): Fmp4Part[] {
  const s = new Fmp4Splitter();
  const out: Fmp4Part[] = [];
  for (let at = 0, i = 0; at < buf.length; i++) {
    const n = Math.max(1, chunk(i));
    out.push(...s.push(buf.subarray(at, at + n)));
    at += n;
  }
  return out;
}

const summary = (parts: Fmp4Part[]) =>
  parts.map((p) =>
    p.kind === 'init' ? `init:${p.codec}:${p.data.length}` : `${p.keyframe ? 'K' : 'P'}:${p.data.length}`,
  );

test('splits ffmpeg output into one init segment then one fragment per moof+mdat, whatever the chunking', () => {
  const buf = ffmpegFmp4(h264('high'), LIVE_FLAGS);
  const whole = split(buf, () => buf.length);
  assert.equal(whole[0]!.kind, 'init');
  assert.equal(whole.filter((p) => p.kind === 'init').length, 1);
  const init = whole[0]!.data;
  assert.equal(init.toString('latin1', 4, 8), 'ftyp');
  assert.ok(init.includes(Buffer.from('moov')));
  const frags = whole.slice(1);
  assert.equal(frags.length, 50, 'frag_every_frame: 2 s at 25 fps');
  for (const f of frags) {
    assert.equal(f.data.toString('latin1', 4, 8), 'moof');
    assert.ok(f.data.includes(Buffer.from('mdat')));
  }
  // Everything but the trailer (mfra) comes out, byte for byte.
  const joined = Buffer.concat(whole.map((p) => p.data));
  assert.ok(buf.subarray(0, joined.length).equals(joined));
  assert.equal(buf.toString('latin1', joined.length + 4, joined.length + 8), 'mfra');
  // -g 10: keyframes are fragments 0, 10, 20, 30, 40.
  assert.deepEqual(
    frags.flatMap((f, i) => (f.kind === 'fragment' && f.keyframe ? [i] : [])),
    [0, 10, 20, 30, 40],
  );
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % 3000;
  };
  for (const chunk of [() => 1, () => 7, () => 4096, random]) {
    assert.deepEqual(summary(split(buf, chunk)), summary(whole));
  }
});

test('codec strings for MSE come from the avcC box (profile, constraints, level)', () => {
  const codec = (profile: string, level: string) => {
    // Not ultrafast: it turns CABAC off, which makes x264 write main as constrained baseline.
    const args = ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', profile, '-level', level];
    const parts = split(ffmpegFmp4(args, LIVE_FLAGS), () => 1 << 20);
    return parts[0]!.kind === 'init' ? parts[0]!.codec : undefined;
  };
  assert.equal(codec('baseline', '3.0'), 'avc1.42c01e');
  assert.equal(codec('main', '3.1'), 'avc1.4d401f');
  assert.equal(codec('high', '4.0'), 'avc1.640028');
});

test('HEVC: hvc1 codec string per ISO 14496-15 Annex E', () => {
  const buf = ffmpegFmp4(
    ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none:keyint=10:bframes=0', '-tag:v', 'hvc1'],
    'empty_moov+default_base_moof+frag_keyframe',
  );
  const parts = split(buf, () => 999);
  // Main profile (1), compatible with Main and Main 10 (6), Main tier level 1 at 160x90 (30), progressive+frame-only (90).
  assert.equal(parts[0]!.kind === 'init' && parts[0]!.codec, 'hvc1.1.6.L30.90');
  assert.ok(
    parts.slice(1).every((p) => p.kind === 'fragment' && p.keyframe),
    'frag_keyframe: each fragment is a GOP',
  );
});

test('time-based fragments (-frag_duration) keep the keyframe flag only on fragments that start a GOP', () => {
  const parts = split(
    ffmpegFmp4(h264('main'), 'empty_moov+default_base_moof+frag_keyframe', ['-frag_duration', '100000']),
    () => 5000,
  );
  const frags = parts.slice(1);
  assert.ok(frags.length >= 15, `${frags.length} fragments`);
  assert.equal(frags.filter((f) => f.kind === 'fragment' && f.keyframe).length, 5);
});

test('64-bit box sizes are read; corrupt sizes are refused instead of buffering forever', () => {
  const ftyp = Buffer.from('00000010667479706973366d00000200', 'hex');
  const big = Buffer.alloc(24);
  big.writeUInt32BE(1, 0);
  big.write('free', 4, 'latin1');
  big.writeBigUInt64BE(24n, 8);
  const s = new Fmp4Splitter();
  assert.deepEqual(s.push(Buffer.concat([ftyp, big])), [], 'boxes before moov wait for it');
  const bad = Buffer.alloc(8);
  bad.writeUInt32BE(3, 0);
  bad.write('moof', 4, 'latin1');
  assert.throws(() => new Fmp4Splitter().push(bad), /bad box size 3/);
  const huge = Buffer.alloc(8);
  huge.writeUInt32BE(0x7fffffff, 0);
  huge.write('mdat', 4, 'latin1');
  assert.throws(() => new Fmp4Splitter().push(huge), /bad box size/);
});
