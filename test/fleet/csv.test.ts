import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, camerasToCsv, escapeCell, parseCamerasCsv } from '../../src/core/fleet/csv.js';
import { demoFleet } from '../../src/core/fleet/demo-fleet.js';
import type { Camera, CameraParsed } from '../../src/core/fleet/schemas.js';

const HEADER = CSV_COLUMNS.join(',');

function asStored({ credentials, ...camera }: CameraParsed): Camera {
  return {
    ...camera,
    hasCredentials: credentials !== undefined,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };
}

/** A valid row as cells, in CSV_COLUMNS order, with some cells replaced. */
function row(n: number, patch: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}): string[] {
  const id = `CAM-${n}`;
  const cells: Record<string, string> = {
    id,
    name: `Camera ${n}`,
    sector_id: 'gare',
    lat: '50.36',
    lon: '3.52',
    main_url: `rtsp://10.0.0.1/${id}/main`,
    ...patch,
  };
  return CSV_COLUMNS.map((c) => cells[c] ?? '');
}

function csvOf(rows: string[][]): string {
  return stringify([[...CSV_COLUMNS], ...rows]);
}

function errorsOf(text: string) {
  const result = parseCamerasCsv(text);
  assert.equal(result.ok, false, 'expected the import to fail');
  return result.ok ? [] : result.errors;
}

test('CSV round trip on the demo fleet keeps every field but credentials', () => {
  const { cameras } = demoFleet();
  const result = parseCamerasCsv(camerasToCsv(cameras.map(asStored)));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors.slice(0, 3)));
  assert.deepEqual(result.cameras, cameras);
});

test('export leaves credentials out and round trips a camera without position', () => {
  const camera: CameraParsed = {
    id: 'X-1',
    name: 'Quai, "Nord"',
    sectorId: 'gare',
    address: '1 rue A\n2e étage',
    streams: { main: 'rtsp://h/main' },
    credentials: { username: 'admin', password: 's3cret' },
    phase: 'pilot',
    status: 'maintenance',
    tags: ['a', 'b c'],
  };
  const csv = camerasToCsv([asStored(camera)]);
  assert.ok(!csv.includes('admin') && !csv.includes('s3cret'));
  const result = parseCamerasCsv(csv);
  assert.ok(result.ok);
  const { credentials: _dropped, ...expected } = camera;
  assert.deepEqual(result.cameras, [expected]);
});

test('100 rows with 3 bad ones: exactly those lines fail, counting a multi-line address', () => {
  const rows = Array.from({ length: 100 }, (_, i) => row(i + 1));
  rows[9] = row(10, { address: '12 rue de Paris\nBâtiment B\n59300 Valenciennes' }); // lines 11-13
  rows[4] = row(5, { main_url: 'not a url' }); // line 6
  rows[39] = row(40, { lat: '95' }); // line 41 + 2 shifted = 43
  rows[76] = row(77, { id: '../etc' }); // line 78 + 2 = 80
  for (const text of [csvOf(rows), csvOf(rows).replace(/\n/g, '\r\n')]) {
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.line, e.field]),
      [
        [6, 'main_url'],
        [43, 'lat'],
        [80, 'id'],
      ],
    );
    assert.match(errors[0]!.message, /^line 6: main_url: must be a valid URL/);
  }
});

test('every problem of every row is reported, none silently dropped', () => {
  const errors = errorsOf(
    csvOf([row(1, { name: '', main_url: 'ftp://x/y', installed_at: '2026-02-30' }), row(2, { phase: 'later' })]),
  );
  assert.deepEqual(
    errors.map((e) => `${e.line}:${e.field}`),
    ['2:name', '2:main_url', '2:installed_at', '3:phase'],
  );
});

test('header: unknown, missing and repeated columns are reported on line 1', () => {
  const kept: string[] = CSV_COLUMNS.filter((c) => c !== 'tags' && c !== 'model');
  const header = [...kept, 'colour', 'id'].join(',');
  const errors = errorsOf(`${header}\n`);
  assert.ok(errors.every((e) => e.line === 1));
  assert.deepEqual(errors.map((e) => e.field).sort(), ['colour', 'id', 'model', 'tags']);
  assert.equal(errorsOf('')[0]!.line, 1);
});

test('header order is free and a header-only file imports nothing', () => {
  const columns = [...CSV_COLUMNS].reverse();
  const text = `${columns.join(',')}\n${columns.map((c) => ({ id: 'A', name: 'A', sector_id: 's', main_url: 'rtsp://h/a' })[c as string] ?? '').join(',')}\n`;
  const result = parseCamerasCsv(text);
  assert.ok(result.ok && result.cameras[0]?.id === 'A');
  assert.deepEqual(parseCamerasCsv(`${HEADER}\n`), { ok: true, cameras: [] });
});

test('duplicate ids: the later line is reported, naming the first', () => {
  const errors = errorsOf(csvOf([row(1), row(2), row(3, { id: 'CAM-1' })]));
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.line, 4);
  assert.equal(errors[0]!.field, 'id');
  assert.match(errors[0]!.message, /CAM-1.*line 2/);
});

test('a wrong column count is reported once for its line', () => {
  const errors = errorsOf(`${HEADER}\n${row(1).join(',')}\nCAM-2,Camera 2,gare\n`);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.line, 3);
  assert.match(errors[0]!.message, /expected 15 columns, found 3/);
});

test('cells: empty means absent, lat/lon go together, credentials need a username', () => {
  const ok = parseCamerasCsv(
    csvOf([row(1, { lat: '', lon: '', username: 'op', tags: 'a| b |' }), row(2, { lat: '50,5', lon: '3,25' })]),
  );
  assert.ok(ok.ok);
  assert.deepEqual(ok.cameras[0], {
    id: 'CAM-1',
    name: 'Camera 1',
    sectorId: 'gare',
    streams: { main: 'rtsp://10.0.0.1/CAM-1/main' },
    credentials: { username: 'op', password: '' },
    phase: 'replacement',
    status: 'active',
    tags: ['a', 'b'],
  });
  assert.deepEqual(ok.cameras[1]!.position, { lat: 50.5, lon: 3.25 });
  const errors = errorsOf(csvOf([row(1, { lon: '' }), row(2, { password: 'pw' }), row(3, { lat: 'north' })]));
  assert.deepEqual(
    errors.map((e) => `${e.line}:${e.field}`),
    ['2:lon', '3:password', '4:lat'],
  );
});

test('accepts a UTF-8 BOM and CRLF; reports an unclosed quote', () => {
  const result = parseCamerasCsv(`\uFEFF${csvOf([row(1, { name: 'Église' })]).replace(/\n/g, '\r\n')}`);
  assert.ok(result.ok && result.cameras[0]?.name === 'Église');
  const errors = errorsOf(`${HEADER}\n${row(1).join(',')}\n"CAM-2,oops\n`);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /quote/i);
});

test('formula-like cells are quoted on export and restored on import; numbers and plain text untouched', () => {
  const risky = ['=1+1', '+1', '-x', '@A1', '\t=1', '\r=1', "'=1", "''+2"];
  for (const v of risky) assert.equal(escapeCell(v), `'${v}`, JSON.stringify(v));
  for (const v of ['-12.5', '3.52', 'Gare Nord', "'t Hoekje", '', 'a=b']) assert.equal(escapeCell(v), v, v);
  const names = ['=cmd|calc', "'=quoted", '@x', 'plain'];
  const cams = names.map((name, i) => asStored({ ...demoFleet().cameras[i]!, name }));
  const back = parseCamerasCsv(camerasToCsv(cams));
  assert.ok(back.ok, JSON.stringify(back));
  assert.deepEqual(
    back.cameras.map((c) => c.name),
    names,
  );
});
