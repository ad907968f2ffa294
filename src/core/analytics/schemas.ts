// The API's view of a camera's analytics: the one contract defined next to the pipeline (never a copy of it).
import { z } from 'zod';
import { RuleSchema } from '../../analytics/rules/rule-schema.js';

export { MAX_PRIVACY_MASKS } from '../../analytics/masks/mask-schema.js';
export {
  type CameraAnalyticsSpec as AnalyticsConfig,
  CameraAnalyticsSpecSchema as analyticsConfigSchema,
} from '../../analytics/pipeline/camera-spec.js';

/**
 * The rules' JSON Schema, made from the very zod schema the API validates with, so that the console's rule forms
 * cannot drift from the server (checks spanning fields, like "exactly one of", stay server-side and come back as
 * field errors).
 */
export function ruleJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(RuleSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
