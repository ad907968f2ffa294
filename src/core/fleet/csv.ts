import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type ImportResult, type ImportRow, type RowError, rowError, validateRows } from './import-rows.js';
import type { Camera } from './schemas.js';

export type { ImportResult, RowError } from './import-rows.js';

export const CSV_COLUMNS = [
  'id',
  'name',
  'sector_id',
  'lat',
  'lon',
  'address',
  'main_url',
  'sub_url',
  'username',
  'password',
  'model',
  'phase',
  'installed_at',
  'status',
  'tags',
] as const;
/** Columns a file may leave out (added after the first format; older exports still import). */
export const OPTIONAL_CSV_COLUMNS = ['retention_days', 'direction', 'field_of_view'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number] | (typeof OPTIONAL_CSV_COLUMNS)[number];

/** Tags share one cell; "|" is rare in tags and never needs quoting. */
const TAG_SEPARATOR = '|';

/** Schema paths shown under the column name the user edits. */
const columnByPath: Record<string, CsvColumn> = {
  sectorId: 'sector_id',
  'position.lat': 'lat',
  'position.lon': 'lon',
  'streams.main': 'main_url',
  'streams.sub': 'sub_url',
  'credentials.username': 'username',
  'credentials.password': 'password',
  installedAt: 'installed_at',
  retentionDays: 'retention_days',
  fieldOfView: 'field_of_view',
};

function columnName(path: string): string {
  if (path.startsWith('tags.')) return 'tags';
  return columnByPath[path] ?? path;
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** Parses a camera CSV; all-or-nothing: any bad row yields every error and no cameras. */
export function parseCamerasCsv(text: string): ImportResult {
  // csv-parse counts a quoted CRLF as two lines, so line endings are made LF first.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let records: CsvRecord[];
  try {
    const options = { info: true, relax_column_count: true, skip_empty_lines: true };
    records = parse(normalized, options) as unknown as CsvRecord[]; // `info: true` changes the shape, not the typings
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err.lines === 'number' ? err.lines : 1;
    return { ok: false, errors: [rowError(`line ${line}`, line, undefined, err.message)] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { ok: false, errors: [rowError('line 1', 1, undefined, 'missing header row')] };
  const headerErrors = checkHeader(header.record);
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors };

  const names = header.record.map((h) => h.trim() as CsvColumn);
  const rows: ImportRow[] = [];
  for (const { record, info } of body) {
    if (record.every((cell) => cell.trim() === '')) continue; // spreadsheets leave rows of bare commas
    // info.lines is where the record ends; a quoted multi-line cell started earlier.
    const line = info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0);
    const where = `line ${line}`;
    if (record.length !== names.length) {
      const message = `expected ${names.length} columns, found ${record.length}`;
      rows.push({ line, where, input: null, errors: [rowError(where, line, undefined, message)] });
      continue;
    }
    const cells = Object.fromEntries(names.map((name, i) => [name, unescapeCell(name, record[i] ?? '')])) as Partial<
      Record<CsvColumn, string>
    >;
    rows.push(rowToInput(cells, line, where));
  }
  return validateRows(rows, columnName);
}

function checkHeader(header: string[]): RowError[] {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const known = new Set<string>([...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS]);
  for (const raw of header) {
    const name = raw.trim();
    if (!known.has(name))
      errors.push(rowError('line 1', 1, name, `unknown column (expected: ${CSV_COLUMNS.join(', ')})`));
    else if (seen.has(name)) errors.push(rowError('line 1', 1, name, 'column appears twice'));
    seen.add(name);
  }
  for (const name of CSV_COLUMNS) {
    if (!seen.has(name)) errors.push(rowError('line 1', 1, name, 'missing column'));
  }
  return errors;
}

/** Maps one row to camera-input shape; empty cells mean "absent" so schema defaults apply. */
function rowToInput(cells: Partial<Record<CsvColumn, string>>, line: number, where: string): ImportRow {
  const errors: RowError[] = [];
  // Passwords may legitimately start or end with spaces; every other cell is trimmed.
  const get = (c: CsvColumn): string | undefined => {
    const value = c === 'password' ? (cells[c] ?? '') : (cells[c] ?? '').trim();
    return value.trim() === '' ? undefined : value;
  };
  const input: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) input[key] = value;
  };
  set('id', get('id'));
  set('name', get('name'));
  set('sectorId', get('sector_id'));
  const lat = get('lat');
  const lon = get('lon');
  if (lat !== undefined && lon !== undefined) {
    const position = { lat: parseNumber(lat), lon: parseNumber(lon) };
    if (Number.isNaN(position.lat)) errors.push(rowError(where, line, 'lat', `"${lat}" is not a number`));
    if (Number.isNaN(position.lon)) errors.push(rowError(where, line, 'lon', `"${lon}" is not a number`));
    if (!Number.isNaN(position.lat) && !Number.isNaN(position.lon)) input.position = position;
  } else if (lat !== undefined || lon !== undefined) {
    errors.push(rowError(where, line, lat === undefined ? 'lat' : 'lon', 'lat and lon must be given together'));
  }
  set('address', get('address'));
  input.streams = Object.fromEntries(
    [
      ['main', get('main_url')],
      ['sub', get('sub_url')],
    ].filter(([, v]) => v !== undefined),
  );
  const username = get('username');
  const password = get('password');
  if (username !== undefined) input.credentials = { username, password: password ?? '' };
  else if (password !== undefined) errors.push(rowError(where, line, 'password', 'password given without username'));
  set('model', get('model'));
  set('phase', get('phase'));
  set('installedAt', get('installed_at'));
  set('status', get('status'));
  const retention = get('retention_days');
  if (retention !== undefined) {
    if (/^\d+$/.test(retention)) input.retentionDays = Number(retention);
    else errors.push(rowError(where, line, 'retention_days', `"${retention}" is not a whole number of days`));
  }
  // Degrees: whole numbers; the schema then checks their range (direction 0..359, field of view 10..360).
  for (const [column, key] of [
    ['direction', 'direction'],
    ['field_of_view', 'fieldOfView'],
  ] as const) {
    const text = get(column);
    if (text === undefined) continue;
    if (/^-?\d+$/.test(text)) input[key] = Number(text);
    else errors.push(rowError(where, line, column, `"${text}" is not a whole number of degrees`));
  }
  const tags = get('tags');
  if (tags !== undefined)
    input.tags = tags
      .split(TAG_SEPARATOR)
      .map((t) => t.trim())
      .filter((t) => t !== '');
  return { line, where, input, errors };
}

/** Accepts "50.36" and the French-spreadsheet "50,36". */
function parseNumber(text: string): number {
  const dotted = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(dotted) ? Number(dotted) : Number.NaN;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

// Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell starting with = + - @ (or tab/CR before one)
// as a formula, so such cells leave prefixed with a quote. Cells already starting with quotes before one of those
// get one more, so that the import can take exactly one off and every value round-trips.
const FORMULA = /^'*[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/** A cell as written to an exported CSV: numbers as they are, formula-like text quoted. */
export function escapeCell(cell: string): string {
  return FORMULA.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The import's inverse of escapeCell; passwords are never exported, so never escaped, and taken verbatim. */
function unescapeCell(column: string, cell: string): string {
  return column !== 'password' && cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Exports cameras as CSV, header first; credentials are never exported (the columns stay, empty). */
export function camerasToCsv(cameras: Camera[]): string {
  const rows = cameras.map((c) => [
    c.id,
    c.name,
    c.sectorId,
    c.position ? String(c.position.lat) : '',
    c.position ? String(c.position.lon) : '',
    c.address ?? '',
    c.streams.main,
    c.streams.sub ?? '',
    '',
    '',
    c.model ?? '',
    c.phase,
    c.installedAt ?? '',
    c.status,
    c.tags.join(TAG_SEPARATOR),
    c.retentionDays === undefined ? '' : String(c.retentionDays),
    c.direction === undefined ? '' : String(c.direction),
    c.fieldOfView === undefined ? '' : String(c.fieldOfView),
  ]);
  return stringify([[...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS], ...rows.map((r) => r.map(escapeCell))]);
}
