// fast-check arbitraries from the OpenAPI document's JSON Schemas: values that pass the schema (so that requests reach
// the handlers), and mutations of them (wrong types, missing and extra fields, huge, unicode and prototype-polluting
// strings, negative, NaN and infinite numbers) that must be refused with a 4xx naming what is wrong.
import fc from 'fast-check';

type Schema = Record<string, any>;

/** Around the test centre's clock (2026-06-01T08:00Z): ranges that hit the recorded hour as well as empty ones. */
const dateTime = fc
  .integer({ min: Date.parse('2026-05-31T00:00:00Z'), max: Date.parse('2026-06-02T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

const PROTOTYPE_NAMES = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__'];

function stringArb(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') return dateTime;
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      const fits = (v: string) => re.test(v) && v.length >= min && v.length <= (s.maxLength ?? 1e9);
      const matching = fc.stringMatching(re).filter(fits);
      // Valid ids that are also Object.prototype members: where a `{}` serves as a map, these answer a function.
      const hostile = PROTOTYPE_NAMES.filter(fits);
      return hostile.length ? fc.oneof(matching, fc.constantFrom(...hostile)) : matching;
    } catch {
      // A pattern fast-check cannot generate from: plain strings (mostly refused, which is fine too).
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A value valid for the schema (as far as JSON Schema says: refinements in code may still refuse it). */
export function valid(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || typeof s !== 'object' || depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts)) return fc.oneof(...alts.map((a: Schema) => valid(a, depth + 1)));
  if (Array.isArray(s.allOf)) return valid(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (Array.isArray(s.prefixItems)) return fc.tuple(...s.prefixItems.map((p: Schema) => valid(p, depth + 1)));
      const minLength = s.minItems ?? 0;
      return fc.array(valid(s.items, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(props).length === 0 && s.additionalProperties && typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? valid(s.propertyNames, depth + 1) : fc.string({ maxLength: 8 });
        return fc.dictionary(key as fc.Arbitrary<string>, valid(s.additionalProperties, depth + 1), { maxKeys: 3 });
      }
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    default:
      return fc.constant({});
  }
}

const HUGE = 'x'.repeat(100_000);
/** Values no field expects: wrong types, edge numbers, hostile text. */
export const evil: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    -1e308,
    1e308,
    2 ** 53 + 1,
    0.1,
    'NaN',
    'Infinity',
    '-Infinity',
    '',
    ' ',
    '\u0000',
    '\u202e\u0301',
    '\ud800',
    '𝕏'.repeat(300),
    HUGE,
    '../../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '=cmd|calc',
    '__proto__',
    'constructor',
    'toString',
    [],
    {},
    [[[[[]]]]],
    { __proto__: null, polluted: 'yes' },
    JSON.parse('{"__proto__":{"polluted":"yes"}}'),
    { constructor: { prototype: { polluted: 'yes' } } },
  ),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer(),
  fc.double(),
);

type Op = 'replace' | 'delete' | 'add';
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'zz_unknown', ''];

/** A valid value with one spot broken: a field replaced by an evil value, removed, or a field added. */
export function mutated(s: Schema | undefined): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid(s), fc.constantFrom<Op>('replace', 'delete', 'add'), fc.nat(), evil, fc.constantFrom(...EXTRA_KEYS))
    .map(([v, op, pick, bad, extra]) => mutate(structuredCloneSafe(v), op, pick, bad, extra));
}

function structuredCloneSafe(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** Objects and arrays of the value, to break one of them (the root included). */
function containers(v: unknown, out: (Record<string, unknown> | unknown[])[] = []) {
  if (v && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const c of Object.values(v)) containers(c, out);
  }
  return out;
}

function mutate(v: unknown, op: Op, pick: number, bad: unknown, extra: string): unknown {
  const spots = containers(v);
  if (spots.length === 0) return bad;
  const target = spots[pick % spots.length]!;
  const keys = Object.keys(target);
  if (op === 'add' || keys.length === 0) {
    // defineProperty: an own `__proto__` key, as JSON.parse makes it, not a prototype change.
    Object.defineProperty(target, extra, { value: bad, enumerable: true, writable: true, configurable: true });
    return v;
  }
  const key = keys[pick % keys.length]!;
  if (op === 'delete') delete (target as Record<string, unknown>)[key];
  else (target as Record<string, unknown>)[key] = bad;
  return v;
}

/** Raw bodies that are not what the route expects at all. */
export const rawBodies = fc.constantFrom(
  '',
  '{',
  'null',
  '[]',
  '"text"',
  '1e999',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"k":"${'\\ud800'}"}`,
  '\u0000\u0001\u0002',
);
