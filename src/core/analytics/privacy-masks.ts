// A camera's privacy masks as the media plane needs them (polygons of [x, y] fractions), from its analytics config.
import type { Repos } from '../ports/store.js';

export type MaskPolygons = Array<Array<[number, number]>>;

/** A deleted camera's archive keeps the masks it had: its footage stays masked in playback and exports. */
export async function privacyMasksOf(
  store: Pick<Repos, 'analytics' | 'cameras'>,
  cameraId: string,
): Promise<MaskPolygons> {
  const rec = await store.analytics.get(cameraId);
  if (!rec) {
    const archived = await store.cameras.getArchive(cameraId);
    if (archived) return archived.privacyMasks;
  }
  const masks = rec ? (JSON.parse(rec.config).privacyMasks as { points: Array<[number, number]> }[] | undefined) : [];
  return (masks ?? []).map((m) => m.points);
}
