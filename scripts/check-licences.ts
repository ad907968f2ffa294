// Checks the licence of every installed production dependency against an allow-list of licences that may be combined
// into an AGPL-3.0-or-later work (docs/supply-chain.md). `npm run licences`; test/supply-chain/licences.test.ts runs
// it in the suite. The packages are package-lock.json's non-dev entries; each licence is read from the installed
// package.json (what actually ships), so an unknown, missing or proprietary licence fails with the package's name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SPDX ids compatible with distributing Vigie under the AGPL-3.0-or-later (FSF's list of GPLv3-compatible licences). */
export const ALLOWED = new Set([
  '0BSD',
  'AGPL-3.0-or-later',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'GPL-3.0-or-later',
  'ISC',
  'LGPL-2.1-or-later',
  'LGPL-3.0-or-later',
  'MIT',
  'MPL-2.0',
  'Python-2.0',
  'Unlicense',
  'Zlib',
]);

export interface LicenceReport {
  /** Installed production packages whose licence was checked. */
  checked: number;
  /** Production entries of the lockfile not installed here (other platforms' optional binaries). */
  notInstalled: number;
  /** `name@version: why`, one per refused package. */
  failures: string[];
}

/** Whether an SPDX expression (`A OR (B AND C)`, `X WITH exception`) is satisfied by allowed licences. */
export function allowedExpression(expr: string, allowed = ALLOWED): boolean {
  const tokens = expr.replace(/[()]/g, ' $& ').trim().split(/\s+/);
  let i = 0;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    if (tokens[i] === 'WITH') i += 2; // an exception only ever adds permissions
    return t !== undefined && allowed.has(t);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[i] === 'AND') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === 'OR') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const v = or();
  return v && i === tokens.length;
}

/** The licence a package.json declares, as an SPDX expression ('' when none). */
function declared(pkg: Record<string, unknown>): string {
  const l = pkg.license;
  if (typeof l === 'string') return l;
  if (l && typeof l === 'object' && typeof (l as { type?: unknown }).type === 'string')
    return (l as { type: string }).type;
  // The deprecated `licenses: [{ type }]` form: any of them.
  if (Array.isArray(pkg.licenses))
    return pkg.licenses
      .map((x) => (typeof x === 'string' ? x : (x as { type?: string })?.type))
      .filter(Boolean)
      .join(' OR ');
  return '';
}

export function checkLicences(root: string): LicenceReport {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean; link?: boolean }>;
  };
  const report: LicenceReport = { checked: 0, notInstalled: 0, failures: [] };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional || entry.link) continue;
    const manifest = join(root, path, 'package.json');
    if (!existsSync(manifest)) {
      report.notInstalled++;
      continue;
    }
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    const id = `${pkg.name ?? path.replace(/^.*node_modules\//, '')}@${pkg.version ?? '?'}`;
    const licence = declared(pkg).trim();
    report.checked++;
    if (!licence) report.failures.push(`${id}: no licence declared`);
    else if (!allowedExpression(licence)) report.failures.push(`${id}: licence "${licence}" is not on the allow-list`);
  }
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = checkLicences(process.cwd());
  console.log(`licences: ${r.checked} installed production packages checked (${r.notInstalled} not installed here)`);
  for (const f of r.failures) console.error(`  refused: ${f}`);
  process.exit(r.failures.length ? 1 : 0);
}
