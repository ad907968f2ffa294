// The privacy blur the centre applies (live walls and played-back footage), in one place so that `vigie eval
// --dataset privacy` and the benchmarks measure exactly what the centre runs.
import type { PrivacyModuleConfig } from './privacy-module.js';

/** People whole and vehicles (their plates) hidden; recall first, so a light detector pass at a low score threshold. */
export function centreBlurConfig(modelCacheDir: string): PrivacyModuleConfig {
  return {
    blur: {},
    detector: {
      inputSize: 320,
      scoreThreshold: 0.3,
      classes: ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'],
    },
    modelCacheDir,
  };
}
