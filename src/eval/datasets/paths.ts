import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared datasets live beside the checkout (`../shared/datasets`), never inside it; VIGIE_DATASETS overrides.
 * Resolved from the repository root so that CI's fresh clone in another folder finds its own copy.
 */
export function datasetsDir(): string {
  if (process.env.VIGIE_DATASETS) return resolve(process.env.VIGIE_DATASETS);
  const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);
  return join(repoRoot, '..', 'shared', 'datasets');
}

export const datasetPath = (...parts: string[]) => join(datasetsDir(), ...parts);
export const hasDataset = (...parts: string[]) => existsSync(datasetPath(...parts));
