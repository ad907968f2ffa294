import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * NIST SP 800-63B 5.1.1.2 memorised secrets: a length floor, no composition rules, and a check against passwords
 * known to be common, sequential or repetitive, or derived from the context (username, service, roles, city).
 */

/** The shipped list sits beside this file in the source tree; built code (dist/) reads it from there. */
function listFile(): string {
  for (const rel of ['./common-passwords.txt', '../../../src/core/security/common-passwords.txt']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('password blocklist not found (src/core/security/common-passwords.txt)');
}

let blocklist: { all: Set<string>; words: string[] } | undefined;
function common() {
  if (!blocklist) {
    const lines = readFileSync(listFile(), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const all = new Set(lines.map(compact));
    // Only words long enough not to be parts of ordinary words are stripped from inside longer passwords.
    const words = [...all].filter((w) => w.length >= 5 && /[a-z]/.test(w)).sort((a, b) => b.length - a.length);
    blocklist = { all, words };
  }
  return blocklist;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
/** Lower case, letters and digits only. */
const compact = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
const unleet = (s: string) => [...s].map((c) => LEET[c] ?? c).join('');

// Rows and columns of QWERTY, AZERTY and QWERTZ keyboards, digits and the alphabet: typing along one is no secret.
const WALKS = [
  '`1234567890-=',
  'qwertyuiop[]',
  "asdfghjkl;'",
  'zxcvbnm,./',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  'qwertzuiop',
  'yxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  '1aqw2zsx3edc4rfv5tgb6yhn7ujn8ik,9ol;0pm:',
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
];
const adjacent = new Set<string>();
for (const w of WALKS) {
  for (let i = 1; i < w.length; i++) adjacent.add(w[i - 1]! + w[i]!).add(w[i]! + w[i - 1]!);
}

/** Mostly steps along a keyboard row/column or the alphabet, or repeats ("qwertyuiop12", "123412341234"). */
function isWalk(s: string): boolean {
  const c = s.toLowerCase().replace(/\s/g, '');
  let breaks = 0;
  for (let i = 1; i < c.length; i++) if (c[i] !== c[i - 1] && !adjacent.has(c[i - 1]! + c[i]!)) breaks++;
  return breaks <= Math.floor(c.length / 4);
}

/** Why the password is refused, or undefined if it is acceptable; `context` are words it must not be built on. */
export function passwordProblem(password: string, context: string[] = []): string | undefined {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (/\p{Cc}/u.test(password)) return 'must not contain control characters (tabs, line breaks…)';
  if (new Set(password.toLowerCase().replace(/\s/g, '')).size < 4) return 'repeats too few different characters';
  if (isWalk(password)) return 'is a keyboard, alphabet or digit sequence';
  const { all, words } = common();
  const lower = password.normalize('NFKC').toLowerCase();
  // As typed, with letter-for-digit swaps undone, and without a trailing run of digits and symbols ("P@ssw0rd-2026!").
  const bases = [lower, lower.replace(/[^\p{L}]+$/u, '')];
  const forms = [...new Set(bases.flatMap((b) => [compact(b), compact(unleet(b))]))];
  if (forms.some((f) => all.has(f))) return 'is a commonly used password';
  // What is left once common words and the context are taken out, digits aside, must still be a secret.
  const ctx = context.map(compact).filter((w) => w.length >= 3);
  for (const form of [compact(lower), compact(unleet(lower))]) {
    let rest = form;
    for (const w of ctx) rest = rest.replaceAll(w, ' ');
    const fromContext = rest !== form;
    for (const w of words) rest = rest.replaceAll(w, ' ');
    if (rest === form) continue;
    if (rest.replace(/[\d\s]/g, '').length < 4) {
      return fromContext
        ? 'is built on your username, a role name, the service or city name'
        : 'is built on a commonly used password';
    }
  }
  return undefined;
}

/** The words a user's password must not be built on (NIST's "context-specific words"). */
export function contextWords(username: string, extra: readonly string[] = []): string[] {
  return [username, ...username.split(/[._-]/), 'vigie', 'admin', 'supervisor', 'operator', 'auditor', ...extra];
}
