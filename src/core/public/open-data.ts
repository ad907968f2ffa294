// The register's cameras as open data: GeoJSON (RFC 7946: [lon, lat], WGS84) and CSV, from the same objects the
// JSON register serialises, so the three never disagree.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { escapeCell } from '../fleet/csv.js';
import type { PublicCamera } from './register-schemas.js';

const flatProperties = z.object({
  id: z.string(),
  name: z.string(),
  sector: z.string(),
  covers: z.string().nullable(),
  phase: z.string(),
  installedAt: z.string().nullable(),
  purposes: z.array(z.string()),
  retentionDays: z.number().int(),
  videoProtectionInForce: z.boolean(),
  authorisations: z.array(z.string()).describe('References of the authorisations in force covering it.'),
  analytics: z.array(z.string()).describe('Event kinds of the analytics running on it.'),
});

export const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  }),
  properties: flatProperties,
});

export const geojsonSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(featureSchema),
  })
  .describe('Published cameras as an RFC 7946 FeatureCollection (coordinates [longitude, latitude], WGS84).');

const flat = (c: PublicCamera) => ({
  id: c.id,
  name: c.name,
  sector: c.sector,
  covers: c.covers,
  phase: c.phase,
  installedAt: c.installedAt,
  purposes: c.purposes,
  retentionDays: c.retentionDays,
  videoProtectionInForce: c.videoProtectionInForce,
  authorisations: c.authorisations.map((a) => a.reference),
  analytics: c.analytics.map((a) => a.kind),
});

/**
 * Cameras without a position have no place on a map; they stay in the JSON and the CSV. Not validated here: the
 * register validates it against geojsonSchema as it serialises it.
 */
export function camerasGeoJson(cameras: PublicCamera[]) {
  return {
    type: 'FeatureCollection',
    features: cameras
      .filter((c) => c.lat !== null && c.lon !== null)
      .map((c) => ({
        type: 'Feature',
        id: c.id,
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        properties: flat(c),
      })),
  };
}

export const CSV_HEADER = [
  'id',
  'name',
  'sector',
  'lat',
  'lon',
  'covers',
  'phase',
  'installedAt',
  'purposes',
  'retentionDays',
  'videoProtectionInForce',
  'authorisations',
  'analytics',
];

/** One row per published camera; lists joined with "; ", formula-like cells quoted as the fleet export does. */
export function camerasCsv(cameras: PublicCamera[]): string {
  const rows = cameras.map((c) => {
    const f = flat(c);
    return [
      f.id,
      f.name,
      f.sector,
      c.lat === null ? '' : String(c.lat),
      c.lon === null ? '' : String(c.lon),
      f.covers ?? '',
      f.phase,
      f.installedAt ?? '',
      f.purposes.join('; '),
      String(f.retentionDays),
      String(f.videoProtectionInForce),
      f.authorisations.join('; '),
      f.analytics.join('; '),
    ].map(escapeCell);
  });
  return stringify([CSV_HEADER, ...rows]);
}
