// `vigie legal` and `vigie register` on a real data dir: bad input names the option, exits 2 and stores nothing; a
// good authorisation is stored with its document's SHA-256; the record of processing is written where asked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-legal-cli-'));
const env = {
  ...process.env,
  VIGIE_DATA_DIR: dataDir,
  VIGIE_LOG_LEVEL: 'warn',
  VIGIE_CONFIG: join(dataDir, 'none.yaml'),
};
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-keys`, { recursive: true, force: true });
});

const stored = () => {
  const r = cli(['legal', 'list']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { id: string; reference: string; inForce: boolean; document: { sha256: string } }[];
};

const AP = [
  ...['legal', 'add', '--kind', 'algorithmic_processing', '--authority', 'Préfet du Nord', '--reference', 'AP-7'],
  ...['--signed', '2026-01-01', '--start', '2026-01-02', '--end', '2099-12-31', '--purpose', 'public_safety'],
];

test('vigie legal add: bad input names the option, exits 2 and stores nothing', () => {
  const seed = JSON.parse(cli(['demo-seed']).stdout);
  assert.equal(seed.seeded, 230);
  // The demo fleet comes with its illustrative authorisations (src/app/demo-legal.ts).
  assert.equal(seed.authorisations.length, 4);
  const demo = stored().map((a) => a.reference);
  const cases: [string[], RegExp][] = [
    [
      [...AP, '--cameras', 'VAL-001', '--families', 'intrusion', '--end', '2025-12-31'],
      /--end \(endsOn\): ends \(2025-12-31\) before it starts \(2026-01-02\)/,
    ],
    [[...AP, '--cameras', 'VAL-001', '--families', 'intrusion,faces'], /--families \(families\).*Invalid option/],
    [
      [...AP, '--cameras', 'VAL-001,NOPE-1,NOPE-2', '--families', 'intrusion'],
      /--cameras\/--sectors \(perimeter\): unknown cameras: NOPE-1, NOPE-2/,
    ],
    [[...AP, '--sectors', 'atlantis', '--families', 'intrusion'], /unknown sectors: atlantis/],
    [[...AP, '--cameras', 'VAL-001'], /--families \(families\): name the event families it allows/],
    [
      [...AP, '--cameras', 'VAL-001', '--families', 'intrusion', '--retention', '10'],
      /--retention \(retentionDays\): only for video_protection/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /nothing stored/);
  }
  const notPdf = join(dataDir, 'order.pdf');
  writeFileSync(notPdf, 'just text, not a PDF');
  const doc = cli([...AP, '--cameras', 'VAL-001', '--families', 'intrusion', '--document', notPdf]);
  assert.equal(doc.status, 2);
  assert.match(doc.stderr, /--document: .* is not a PDF/);
  assert.deepEqual(
    stored().map((a) => a.reference),
    demo,
  );
});

test('vigie legal add stores an authorisation with its PDF, list shows it in force, revoke ends it', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const file = join(dataDir, 'arrete.pdf');
  writeFileSync(file, pdf);
  const r = cli([
    ...AP,
    '--cameras',
    'VAL-001',
    '--sectors',
    'gare',
    '--families',
    'intrusion,wrong_way',
    '--document',
    file,
  ]);
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.document.sha256, createHash('sha256').update(pdf).digest('hex'));
  assert.deepEqual(a.families, ['intrusion', 'wrong_way']);
  const seven = () => stored().find((x) => x.reference === 'AP-7')!;
  assert.equal(seven().inForce, true);
  assert.equal(cli(['legal', 'revoke', a.id, '--reason', 'no']).status, 2);
  const rev = cli(['legal', 'revoke', a.id, '--reason', 'trial ended early']);
  assert.equal(rev.status, 0, rev.stderr);
  assert.equal(JSON.parse(rev.stdout).revokeReason, 'trial ended early');
  assert.equal(seven().inForce, false);
  // Journaled as the API's writes are, under the shell user's name.
  const tail = JSON.parse(cli(['audit', 'tail', '-n', '50']).stdout) as { action: string; actor: string }[];
  for (const action of ['legal.create', 'legal.document', 'legal.revoke'])
    assert.ok(
      tail.some((e) => e.action === action && e.actor.startsWith('cli:')),
      action,
    );
});

test('vigie register writes the record of processing in each format; a bad --format exits non-zero', () => {
  for (const format of ['md', 'html', 'json']) {
    const file = join(dataDir, `register.${format}`);
    const r = cli(['register', '--format', format, '--out', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(file, 'utf8');
    if (format === 'json') {
      const rec = JSON.parse(text);
      // The revoked authorisation is listed as such; the demo's video_protection one covers every filming camera.
      assert.equal(rec.authorisations.find((a: { reference: string }) => a.reference === 'AP-7').revoked, true);
      assert.deepEqual(rec.retention.camerasWithoutBasis, []);
      assert.match(rec.authorisations[0].reference, /^DEMO-VP-/);
    } else assert.match(text, format === 'md' ? /^# Registre des activités de traitement/ : /<html lang="fr">/);
  }
  const md = cli(['register']);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /\| algorithmic_processing \| AP-7 \| Préfet du Nord \|/);
  const bad = cli(['register', '--format', 'pdf']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /argument 'pdf' is invalid. Allowed choices are md, html, json/);
});
