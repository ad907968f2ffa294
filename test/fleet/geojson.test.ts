import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoFleet } from '../../src/core/fleet/demo-fleet.js';
import { camerasToGeoJson, parseCamerasGeoJson } from '../../src/core/fleet/geojson.js';
import type { Camera, CameraParsed } from '../../src/core/fleet/schemas.js';

function asStored({ credentials, ...camera }: CameraParsed): Camera {
  return {
    ...camera,
    hasCredentials: credentials !== undefined,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };
}

const feature = (properties: Record<string, unknown>, coordinates: number[] | null = [3.52, 50.36]) => ({
  type: 'Feature',
  geometry: coordinates ? { type: 'Point', coordinates } : null,
  properties: { id: 'A', name: 'A', sectorId: 'gare', streams: { main: 'rtsp://h/a' }, ...properties },
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function errorsOf(text: string) {
  const result = parseCamerasGeoJson(text);
  assert.equal(result.ok, false, 'expected the import to fail');
  return result.ok ? [] : result.errors;
}

test('GeoJSON export: [lon, lat] points, null geometry without position, no position property', () => {
  const { position: _p, ...noPosition } = demoFleet().cameras[1]!;
  const fc = camerasToGeoJson([asStored(demoFleet().cameras[0]!), asStored(noPosition)]);
  assert.equal(fc.type, 'FeatureCollection');
  const [first, second] = fc.features;
  const { lat, lon } = demoFleet().cameras[0]!.position!;
  assert.deepEqual(first!.geometry, { type: 'Point', coordinates: [lon, lat] });
  assert.equal(second!.geometry, null);
  assert.ok(!('position' in first!.properties));
  assert.equal(first!.properties.id, 'VAL-001');
});

test('GeoJSON round trip on the demo fleet', () => {
  const { cameras } = demoFleet();
  const { position: _p, ...noPosition } = cameras[5]!;
  const input = [...cameras.slice(0, 5), noPosition, ...cameras.slice(6)];
  const result = parseCamerasGeoJson(JSON.stringify(camerasToGeoJson(input.map(asStored))));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors.slice(0, 3)));
  assert.deepEqual(result.cameras, input);
});

test('row errors name the feature, the field path and keep going', () => {
  const errors = errorsOf(
    collection(
      feature({ id: 'A' }),
      feature({ id: 'B', streams: { main: 'bad url' } }),
      feature({ id: 'C', name: '', colour: 'red' }, [3.5, 95]),
      feature({ id: 'A' }),
    ),
  );
  assert.deepEqual(
    errors.map((e) => [e.line, e.field]),
    [
      [2, 'streams.main'],
      [3, 'name'],
      [3, 'geometry.coordinates.1'],
      [3, undefined],
      [4, 'id'],
    ],
  );
  assert.equal(errors[0]!.message, 'feature 2: streams.main: must be a valid URL');
  assert.match(errors[2]!.message, /^feature 3: /);
  assert.match(errors[3]!.message, /colour/);
  assert.match(errors[4]!.message, /duplicate id "A" \(first at feature 1\)/);
});

test('feature shape is validated strictly', () => {
  const errors = errorsOf(
    collection(
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0]] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [3.5] }, properties: { id: 'Z' } },
      { type: 'Feature', geometry: null, properties: null },
      { type: 'Thing' },
      feature({ position: { lat: 1, lon: 2 } }),
    ),
  );
  assert.deepEqual([...new Set(errors.map((e) => e.line))], [1, 2, 3, 4, 5]);
  assert.equal(errors.find((e) => e.line === 5)!.field, 'position');
  assert.ok(errors.every((e) => e.message.startsWith(`feature ${e.line}: `)));
});

test('document errors: malformed JSON, not a FeatureCollection, non-WGS84 CRS', () => {
  const malformed = errorsOf('{"type": "FeatureCollection", "features": [');
  assert.equal(malformed.length, 1);
  assert.match(malformed[0]!.message, /^document: invalid JSON: /);
  assert.match(malformed[0]!.message, /JSON/);
  assert.equal(errorsOf('[]').length, 1);
  assert.match(errorsOf('{"type":"Feature"}')[0]!.message, /FeatureCollection/);
  assert.match(errorsOf(JSON.stringify({ type: 'FeatureCollection' }))[0]!.message, /features/);
  const lambert = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
    features: [],
  };
  assert.match(errorsOf(JSON.stringify(lambert))[0]!.message, /WGS84/);
});

test('QGIS-style foreign members and a WGS84 crs are accepted', () => {
  const doc = {
    type: 'FeatureCollection',
    name: 'cameras',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    features: [{ ...feature({}, [3.52, 50.36, 12]), id: 7 }],
  };
  const result = parseCamerasGeoJson(JSON.stringify(doc));
  assert.ok(result.ok);
  assert.deepEqual(result.cameras[0]!.position, { lat: 50.36, lon: 3.52 });
  assert.deepEqual(parseCamerasGeoJson(collection()), { ok: true, cameras: [] });
});
