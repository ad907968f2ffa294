// The one gate every model file passes before Vigie opens it (issue 21, law.md L1: nothing biometric, ever). Source
// weights must be on the reviewed allow-list by SHA-256; an ONNX file is admitted only with the provenance record the
// converter writes beside it, naming allow-listed sources and the file's own hash. Anything else is refused, loudly.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import ALLOW from './allow-list.json' with { type: 'json' };

export interface AllowedModel {
  name: string;
  package: string;
  file: string;
  sha256: string;
  licence: string;
  purpose: string;
}

export const ALLOWED_MODELS: readonly AllowedModel[] = ALLOW.models;

/**
 * Names of biometric models (faces, identities, attributes of a person) as the packages in reach ship them: refused
 * even if someone added one to the allow-list, and the allow-list's own test checks none matches.
 */
export const BIOMETRIC_NAME =
  /face|arcface|facenet|insightface|faceres|blazeface|facemesh|iris|reid|re-id|person-?reid|osnet|embedding|age|gender|emotion|antispoof|liveness/i;

export class ModelRefused extends Error {}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Where the converter records what an ONNX file was made from. */
export const provenancePath = (onnxPath: string) => `${onnxPath}.provenance.json`;

export interface Provenance {
  sha256: string;
  sources: { file: string; sha256: string }[];
  converter: string;
}

function refuseBiometricName(path: string) {
  if (BIOMETRIC_NAME.test(basename(path)))
    throw new ModelRefused(
      `model guard: ${basename(path)} looks like a biometric model (face/identity/attribute); ` +
        'Vigie never loads one (law.md L1)',
    );
}

/** Reads a source weight file, refused unless its SHA-256 is on the allow-list. */
export function readAllowedSource(path: string): Buffer {
  refuseBiometricName(path);
  if (!existsSync(path)) throw new ModelRefused(`model guard: ${path} does not exist`);
  const bytes = readFileSync(path);
  const sha = sha256Of(bytes);
  if (!ALLOWED_MODELS.some((m) => m.sha256 === sha))
    throw new ModelRefused(
      `model guard: ${basename(path)} (sha256 ${sha}) is not on the allow-list ` +
        '(src/analytics/models/allow-list.json); only reviewed object-detection weights may be opened',
    );
  opened.set(path, { kind: 'source', path, sha256: sha, sources: [] });
  return bytes;
}

/** Records an ONNX file the converter has just made from allow-listed sources (their hashes as read). */
export function recordProvenance(onnxPath: string, bytes: Buffer, sources: Provenance['sources'], converter: string) {
  const p: Provenance = { sha256: sha256Of(bytes), sources, converter };
  writeFileSync(provenancePath(onnxPath), JSON.stringify(p, null, 2), { mode: 0o600 });
}

/** The provenance of an ONNX file when it holds (hash matches, every source allow-listed), else undefined. */
export function validProvenance(onnxPath: string, bytes = readFileSync(onnxPath)): Provenance | undefined {
  const rec = provenancePath(onnxPath);
  if (!existsSync(rec)) return undefined;
  try {
    const p = JSON.parse(readFileSync(rec, 'utf8')) as Provenance;
    const sourcesAllowed =
      p.sources.length > 0 && p.sources.every((s) => ALLOWED_MODELS.some((m) => m.sha256 === s.sha256));
    return p.sha256 === sha256Of(bytes) && sourcesAllowed ? p : undefined;
  } catch {
    return undefined;
  }
}

export interface OpenedModel {
  /** source: allow-listed weights read (to convert, or to name the cache file); onnx: a model opened for inference. */
  kind: 'source' | 'onnx';
  path: string;
  sha256: string;
  /** For an ONNX file: the SHA-256 of the allow-listed weights it was made from. */
  sources: string[];
}

/** Every model file this thread (the process, or one analysis worker) has opened: "which models ran?". */
const opened = new Map<string, OpenedModel>();
export const openedModels = (): OpenedModel[] => [...opened.values()];

/** Admits an ONNX file for inference, or throws ModelRefused saying why. */
export function assertAllowedOnnx(path: string): void {
  refuseBiometricName(path);
  if (!existsSync(path)) throw new ModelRefused(`model guard: ${path} does not exist`);
  const bytes = readFileSync(path);
  const p = validProvenance(path, bytes);
  if (!p)
    throw new ModelRefused(
      `model guard: ${basename(path)} (sha256 ${sha256Of(bytes)}) was not made by Vigie's ` +
        'converter from allow-listed weights (no valid provenance record beside it); refused',
    );
  opened.set(path, { kind: 'onnx', path, sha256: p.sha256, sources: p.sources.map((s) => s.sha256) });
}
