import type { z } from 'zod';
import { type CameraParsed, cameraInputSchema } from './schemas.js';

/**
 * One problem in an imported file. `line` is the physical line for CSV (header = 1) and the
 * 1-based feature number for GeoJSON (0 = the document as a whole). `message` is self-contained
 * ("line 5: main_url: must be a valid URL") so callers can show it as is.
 */
export interface RowError {
  line: number;
  field?: string;
  message: string;
}

export type ImportResult = { ok: true; cameras: CameraParsed[] } | { ok: false; errors: RowError[] };

/** One record of an import file, already mapped to camera-input shape by its format module. */
export interface ImportRow {
  line: number;
  /** How the format names this record in messages: "line 5", "feature 3". */
  where: string;
  /** null when the record could not be mapped at all (e.g. wrong column count): only its errors count. */
  input: Record<string, unknown> | null;
  /** Problems the format module found while mapping (e.g. lat without lon). */
  errors: RowError[];
}

/** Maps a schema path ("streams.main") to the name the user sees in their file ("main_url"). */
export type FieldNamer = (path: string) => string;

export function rowError(where: string, line: number, field: string | undefined, message: string): RowError {
  return field === undefined
    ? { line, message: `${where}: ${message}` }
    : { line, field, message: `${where}: ${field}: ${message}` };
}

/** Validates every row and checks ids are unique; returns cameras only when nothing is wrong. */
export function validateRows(rows: ImportRow[], fieldName: FieldNamer = (p) => p): ImportResult {
  const errors: RowError[] = [];
  const cameras: CameraParsed[] = [];
  const firstById = new Map<string, string>();
  for (const row of rows) {
    errors.push(...row.errors);
    if (row.input === null) continue;
    const result = safeParseCamera(row.input);
    if (result.success) cameras.push(result.data);
    for (const issue of result.issues) {
      const field = issue.path === '' ? undefined : fieldName(issue.path);
      errors.push(rowError(row.where, row.line, field, issue.message));
    }
    const id = row.input.id;
    if (typeof id !== 'string' || id === '') continue;
    const first = firstById.get(id);
    if (first === undefined) firstById.set(id, row.where);
    else errors.push(rowError(row.where, row.line, fieldName('id'), `duplicate id "${id}" (first at ${first})`));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cameras };
}

interface CameraCheck {
  success: boolean;
  data: CameraParsed;
  issues: { path: string; message: string }[];
}

/** Stream fields checked before zod: the schema's later refinements call `new URL()` and would throw on junk. */
const streamKeys = ['main', 'sub'] as const;

function safeParseCamera(input: Record<string, unknown>): CameraCheck {
  const issues: { path: string; message: string }[] = [];
  const copy: Record<string, unknown> = { ...input };
  const streams = input.streams;
  if (streams !== null && typeof streams === 'object' && !Array.isArray(streams)) {
    const fixed: Record<string, unknown> = { ...(streams as Record<string, unknown>) };
    for (const key of streamKeys) {
      const url = fixed[key];
      if (typeof url === 'string' && !URL.canParse(url)) {
        issues.push({ path: `streams.${key}`, message: 'must be a valid URL' });
        // A placeholder keeps the other fields validated without a second, misleading "required" issue.
        fixed[key] = 'rtsp://invalid.invalid/';
      }
    }
    copy.streams = fixed;
  }
  const result = cameraInputSchema.safeParse(copy);
  if (!result.success) issues.push(...result.error.issues.map((i) => describeIssue(i, input)));
  const success = result.success && issues.length === 0;
  return { success, data: result.data as CameraParsed, issues };
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): { path: string; message: string } {
  const path = issue.path.map(String).join('.');
  // zod's "expected string, received undefined" reads badly in an import report.
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined)
    return { path, message: 'is required' };
  return { path, message: issue.message };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
