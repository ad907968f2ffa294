// Public surface of the camera simulator (`vigie simulate` and the media tests).
export { runSimulateCommand, type SimulateCommandOptions } from './cli.js';
export { type ClipOptions, defaultCacheDir, type Size, type StreamClip } from './clip-cache.js';
export { footageClip } from './footage.js';
export { type GarbageOptions, type GarbageServer, startGarbageServer } from './garbage.js';
export { checkSimulatorRequirements, SIMULATOR_APT_FIX } from './requirements.js';
export { type CameraClips, cameraClips, sceneClip } from './scenes.js';
export {
  type CameraFault,
  CameraSimulator,
  type CameraSimulatorOptions,
  type SimCameraSpec,
  type StreamName,
} from './simulator.js';
