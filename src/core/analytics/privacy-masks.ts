// A camera's privacy masks as the media plane needs them (polygons of [x, y] fractions), from its analytics config.
import type { Store } from '../ports/store.js';

export type MaskPolygons = Array<Array<[number, number]>>;

export async function privacyMasksOf(store: Store, cameraId: string): Promise<MaskPolygons> {
  const rec = await store.analytics.get(cameraId);
  const masks = rec ? (JSON.parse(rec.config).privacyMasks as { points: Array<[number, number]> }[] | undefined) : [];
  return (masks ?? []).map((m) => m.points);
}
