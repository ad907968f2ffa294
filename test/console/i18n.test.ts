// Every word the console shows exists in French and English (issue 19): each key used by the console's code
// (t('…'), the labels of the API's ids) or by its page (data-i18n…) has both, with the same placeholders. Reads the
// console's own files, so a key added without its translation fails here, not in front of an operator.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cameraPhases, cameraStatuses } from '../../src/core/fleet/schemas.js';
import { AUTHORISATION_KINDS, PURPOSES } from '../../src/core/legal/schemas.js';
import { alarmPriorities, alarmStates, dispositions } from '../../src/core/ports/alarms.js';
import { eventKinds } from '../../src/core/ports/recordings.js';
import { roles } from '../../src/core/ports/store.js';
import { LEGAL_FAMILIES } from '../../src/core/shared/law.js';

const dir = join(import.meta.dirname, '../../src/console');
type Words = Record<string, [string, string]>;

async function dictionary(): Promise<Words> {
  const all: Words = {};
  for (const f of readdirSync(join(dir, 'words'))) {
    const words: Words = (await import(join(dir, 'words', f))).default;
    for (const [k, v] of Object.entries(words)) {
      assert.ok(!(k in all), `${k} is defined twice (words/${f})`);
      all[k] = v;
    }
  }
  return all;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every word has an English and a French text with the same placeholders', async () => {
  const words = await dictionary();
  assert.ok(Object.keys(words).length > 30, 'the dictionary is loaded');
  for (const [k, v] of Object.entries(words)) {
    assert.ok(Array.isArray(v) && v.length === 2, `${k}: [english, french]`);
    assert.ok(v[0].trim() && v[1].trim(), `${k}: both texts non-empty`);
    assert.deepEqual(placeholders(v[0]), placeholders(v[1]), `${k}: the same placeholders in both`);
  }
});

test('every key the console uses is in the dictionary', async () => {
  const words = await dictionary();
  const used = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.set(m[1]!, f);
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-\w+)?="([\w.-]+)"/g)) used.set(m[1]!, 'index.html');
  assert.ok(used.size > 100, 'keys are found in the console');
  const missing = [...used].filter(([k]) => !(k in words)).map(([k, f]) => `${k} (${f})`);
  assert.deepEqual(missing, [], 'keys without words');
});

test('every id of the API an operator can see has a label: kinds, states, priorities, dispositions, statuses, phases, roles', async () => {
  const words = await dictionary();
  const ids: [string, readonly string[]][] = [
    ['kind', eventKinds],
    ['state', alarmStates],
    ['priority', alarmPriorities],
    ['disposition', dispositions],
    ['status', cameraStatuses],
    ['phase', cameraPhases],
    ['role', roles],
    ['live', ['connecting', 'live', 'reconnecting', 'no_signal', 'ended', 'offline', 'unsupported']],
  ];
  const missing = ids.flatMap(([prefix, list]) => list.map((id) => `${prefix}.${id}`)).filter((k) => !(k in words));
  assert.deepEqual(missing, []);
});

test('the public register’s page: every word it uses has both languages, every purpose, authorisation kind and family a label', async () => {
  const site = join(import.meta.dirname, '../../src/public-site');
  const own: Words = (await import(join(site, 'public-words.js'))).default;
  const labels: Words = (await import(join(dir, 'words', 'labels.js'))).default;
  for (const [k, v] of Object.entries(own)) {
    assert.ok(v[0]?.trim() && v[1]?.trim(), `${k}: both texts non-empty`);
    assert.deepEqual(placeholders(v[0]), placeholders(v[1]), `${k}: the same placeholders in both`);
    assert.ok(!(k in labels), `${k} is also a console label`);
  }
  const words = { ...labels, ...own };
  const used = new Set<string>();
  for (const f of readdirSync(site).filter((f) => f.endsWith('.js')))
    for (const m of readFileSync(join(site, f), 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1]!);
  for (const m of readFileSync(join(site, 'index.html'), 'utf8').matchAll(/data-w(?:-label)?="([\w.-]+)"/g))
    used.add(m[1]!);
  assert.ok(used.size > 40, `keys are found in the page (${used.size})`);
  // Ids the page labels from the data: purposes, authorisation kinds, families (event kinds), phases, the statistics.
  for (const p of PURPOSES) used.add(`purpose.${p}`);
  for (const k of AUTHORISATION_KINDS) used.add(`auth.kind.${k}`);
  for (const f of LEGAL_FAMILIES) used.add(`kind.${f}`);
  for (const p of cameraPhases) used.add(`phase.${p}`);
  // Made from the dispositions' ids (`stats.${o}`), not written out in the page's source.
  for (const s of ['confirmed', 'false_alarm', 'not_actionable']) used.add(`stats.${s}`);
  assert.deepEqual(
    [...used].filter((k) => !(k in words)),
    [],
    'keys without words',
  );
});
