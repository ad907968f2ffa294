import { z } from 'zod';
import { type ImportResult, type ImportRow, type RowError, rowError, validateRows } from './import-rows.js';
import type { Camera } from './schemas.js';

export type { ImportResult, RowError } from './import-rows.js';

export interface CameraPoint {
  type: 'Point';
  /** GeoJSON order: longitude first (RFC 7946). */
  coordinates: [number, number];
}

export interface CameraFeature {
  type: 'Feature';
  id: string;
  geometry: CameraPoint | null;
  properties: Omit<Camera, 'position'>;
}

export interface CameraFeatureCollection {
  type: 'FeatureCollection';
  features: CameraFeature[];
}

/** Exports cameras as GeoJSON points; a camera without position keeps its feature with a null geometry. */
export function camerasToGeoJson(cameras: Camera[]): CameraFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: cameras.map(({ position, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry: position ? { type: 'Point', coordinates: [position.lon, position.lat] } : null,
      properties,
    })),
  };
}

const bboxSchema = z.array(z.number()).min(4);

// Collection and feature objects tolerate foreign members (QGIS adds "name", "crs"); geometry does not.
const collectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  bbox: bboxSchema.optional(),
  crs: z.unknown().optional(),
});

const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  bbox: bboxSchema.optional(),
  geometry: z
    .strictObject({
      type: z.literal('Point'),
      coordinates: z.array(z.number()).min(2).max(3).describe('[lon, lat] or [lon, lat, altitude]'),
      bbox: bboxSchema.optional(),
    })
    .nullable(),
  properties: z.record(z.string(), z.unknown()),
});

/** Exported read-only fields, accepted so an export re-imports as is; they are never taken from the file. */
const exportOnlyKeys = ['hasCredentials', 'createdAt', 'updatedAt'];

/** A position inside properties would silently compete with the geometry, so it is refused. */
const positionPaths: Record<string, string> = {
  'position.lon': 'geometry.coordinates.0',
  'position.lat': 'geometry.coordinates.1',
};

const documentError = (message: string): ImportResult => ({
  ok: false,
  errors: [rowError('document', 0, undefined, message)],
});

/** Parses a camera FeatureCollection; all-or-nothing like the CSV import. `line` = feature number (1-based). */
export function parseCamerasGeoJson(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return documentError(`invalid JSON: ${(err as Error).message}`);
  }
  const collection = collectionSchema.safeParse(doc);
  if (!collection.success) {
    const issue = collection.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return documentError(`not a GeoJSON FeatureCollection: ${at}${issue?.message ?? 'invalid'}`);
  }
  const crsName = crsNameOf(collection.data.crs);
  if (crsName !== undefined && !/CRS84$|EPSG::?4326$/.test(crsName)) {
    return documentError(`coordinates must be WGS84 longitude/latitude, not ${crsName}`);
  }
  const rows = collection.data.features.map((feature, index) => featureToRow(feature, index + 1));
  return validateRows(rows, (path) => positionPaths[path] ?? path);
}

function featureToRow(raw: unknown, line: number): ImportRow {
  const where = `feature ${line}`;
  const feature = featureSchema.safeParse(raw);
  if (!feature.success) {
    const errors = feature.error.issues.map((i) => rowError(where, line, i.path.join('.') || undefined, i.message));
    return { line, where, input: null, errors };
  }
  const { geometry, properties } = feature.data;
  const errors: RowError[] = [];
  // Null prototype: a `__proto__` property is then an unknown field (refused), not a silent prototype swap.
  const input: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(properties)) {
    if (exportOnlyKeys.includes(key)) continue;
    if (key === 'position')
      errors.push(rowError(where, line, 'position', 'position goes in the geometry, not properties'));
    else input[key] = value;
  }
  if (geometry) {
    const [lon, lat] = geometry.coordinates;
    input.position = { lat, lon };
  }
  return { line, where, input, errors };
}

function crsNameOf(crs: unknown): string | undefined {
  const name = (crs as { properties?: { name?: unknown } } | null | undefined)?.properties?.name;
  return typeof name === 'string' ? name : undefined;
}
