// The API's view of a camera's analytics: the one contract defined next to the pipeline (never a copy of it).

export { MAX_PRIVACY_MASKS } from '../../analytics/masks/mask-schema.js';
export {
  type CameraAnalyticsSpec as AnalyticsConfig,
  CameraAnalyticsSpecSchema as analyticsConfigSchema,
} from '../../analytics/pipeline/camera-spec.js';
