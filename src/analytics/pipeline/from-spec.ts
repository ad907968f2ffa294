// The one way a camera's pipeline is built from its spec: the centre's worker, `vigie analyze`, `vigie eval` and the
// benchmarks all call this, so what is measured is what runs.

import { resolvePrecision } from '../detect/precision.js';
import { type OpenedModel, openedModels } from '../models/model-guard.js';
import { CameraPipeline, type CameraPipelineOptions } from './camera-pipeline.js';
import { type CameraAnalyticsSpec, pipelineSettingsOf } from './camera-spec.js';

export type SpecPipelineOptions = Omit<CameraPipelineOptions, 'scene'>;

export function pipelineFromSpec(spec: CameraAnalyticsSpec, o: SpecPipelineOptions = {}): Promise<CameraPipeline> {
  return CameraPipeline.create(pipelineSettingsOf(spec), { ...o, ...(spec.scene && { scene: spec.scene }) });
}

/** What a running pipeline was built from, as it reports itself (health API, seam tests): the spec it received and
 * the detector arithmetic 'auto' resolved to on this host. */
export interface RunningSpec {
  spec: CameraAnalyticsSpec;
  precision: 'fp32' | 'int8';
  /** Every model file the analysis worker has opened, through the model guard, with its SHA-256 (an audit's "which models ran?"). */
  models: OpenedModel[];
}

export function runningSpecOf(spec: CameraAnalyticsSpec, p: CameraPipeline): RunningSpec {
  return {
    spec,
    precision: resolvePrecision(p.settings.precision, p.settings.executionProvider),
    models: openedModels(),
  };
}
