// The record of processing (RGPD art. 30) follows the live configuration: an authorisation recorded, analytics
// enabled, masks drawn appear in it; analytics disabled leave it. Three formats; admins and auditors only; journaled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { processingSettings } from '../../src/app/processing-settings.js';
import { parseConfig } from '../../src/config/load.js';
import type { ProcessingRecord } from '../../src/core/legal/processing-record.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let auditor: Client;
const HOOK = 'https://hooks.example.org/vigie?token=never-published';
before(async () => {
  t = await startCentre({
    demo: true,
    config: {
      retention: { days: 20 },
      auth: { sessionTtlHours: 8 },
      integrations: { webhooks: [{ id: 'city', url: HOOK, secret: '0123456789abcdef0123' }] },
    },
  });
  admin = await t.user('chief', 'admin');
  auditor = await t.user('dpo', 'auditor');
  await t.user('op-gare', 'operator', ['gare']);
});
after(() => t?.stop());

const record = async (c: Client = admin): Promise<ProcessingRecord> => {
  const r = await c.req('GET', '/api/register/processing');
  assert.equal(r.status, 200, r.text);
  return r.json;
};

const base = {
  authority: 'Préfet du Nord (test)',
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  purposeText: 'Protection of the station forecourt',
  publishDocument: false,
};
const RULE = {
  enabled: true,
  scene: {
    zones: [
      {
        id: 'z',
        name: 'forecourt',
        polygon: [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
      },
    ],
    rules: [{ id: 'r', name: 'intrusion', kind: 'intrusion', zoneId: 'z', classes: ['person'], severity: 'low' }],
  },
  privacyMasks: [
    {
      name: 'window',
      points: [
        [0, 0],
        [0.2, 0],
        [0.2, 0.2],
      ],
    },
  ],
};

test('the record follows the live configuration: authorisations, analytics, masks, retention, recipients', async () => {
  const empty = await record();
  assert.equal(empty.day, t.centre.services.legal.day());
  assert.deepEqual(empty.analytics, []);
  assert.deepEqual(empty.purposes, []);
  // Every filming demo camera films without a basis until one is recorded (planned ones do not film).
  const filming = (await t.centre.services.fleet.all()).filter((c) => c.status === 'active').length;
  assert.equal(empty.retention.camerasWithoutBasis.length, filming);
  assert.deepEqual(
    empty.recipients.roles.find((r) => r.role === 'operator'),
    { role: 'operator', users: 1 },
  );
  // Hosts only: the webhook's path and token are no business of a register.
  assert.deepEqual(empty.recipients.integrations, [{ kind: 'webhook', host: 'hooks.example.org' }]);
  assert.equal(JSON.stringify(empty).includes('never-published'), false);
  assert.equal(empty.security.sessionTtlHours, 8);
  assert.equal(empty.security.sectorScopedUsers, 1);
  assert.equal(empty.security.adminsWithoutTotp, 1);
  assert.ok(empty.dpia.find((d) => d.risk.startsWith('Filming without'))!.open[0]!.includes(`${filming} cameras`));

  const vp = await admin.req('POST', '/api/authorisations', {
    ...base,
    kind: 'video_protection',
    reference: 'VP-GARE',
    purposes: ['public_safety', 'crime_prevention'],
    sectorIds: ['gare'],
    retentionDays: 10,
  });
  assert.equal(vp.status, 201, vp.text);
  const ap = await admin.req('POST', '/api/authorisations', {
    ...base,
    kind: 'algorithmic_processing',
    reference: 'AP-001',
    purposes: ['public_safety'],
    cameraIds: ['VAL-001'],
    families: ['intrusion'],
  });
  assert.equal(ap.status, 201, ap.text);
  assert.equal((await admin.req('PUT', '/api/cameras/VAL-001/analytics', RULE)).status, 200);

  const r = await record(auditor);
  assert.deepEqual(r.purposes, [
    { purpose: 'crime_prevention', authorisations: ['VP-GARE'] },
    // Video protection first, then analytics (a stable order).
    { purpose: 'public_safety', authorisations: ['VP-GARE', 'AP-001'] },
  ]);
  assert.equal(r.analytics.length, 1);
  assert.equal(r.analytics[0]!.family, 'intrusion');
  assert.deepEqual(r.analytics[0]!.cameras, ['VAL-001']);
  assert.deepEqual(
    r.analytics[0]!.authorisations.map((a) => [a.reference, a.authority, a.startsOn, a.endsOn, a.inForce]),
    [['AP-001', base.authority, base.startsOn, base.endsOn, true]],
  );
  assert.deepEqual(r.security.privacyMasks, [{ cameraId: 'VAL-001', masks: 1 }]);
  // Retention per group: the gare cameras bound by their authorisation (10 < the default 20), the others by default.
  const gare = (await t.centre.services.fleet.all()).filter((c) => c.sectorId === 'gare' && c.status === 'active');
  const bound = r.retention.groups.find((g) => g.boundBy === 'authorisation')!;
  assert.equal(bound.days, 10);
  assert.deepEqual(bound.sectors, ['gare']);
  assert.equal(bound.cameras.length, gare.length);
  assert.equal(r.retention.groups.find((g) => g.boundBy === 'default')!.days, 20);
  assert.equal(r.retention.camerasWithoutBasis.length, filming - gare.length);
  assert.deepEqual(r.dpia.find((d) => d.risk.startsWith('Analytics running'))!.open, []);

  // Disabled: the analytic leaves the record (its masks stay: they apply to live and recordings too).
  assert.equal((await admin.req('PUT', '/api/cameras/VAL-001/analytics', { ...RULE, enabled: false })).status, 200);
  const off = await record();
  assert.deepEqual(off.analytics, []);
  assert.deepEqual(off.security.privacyMasks, [{ cameraId: 'VAL-001', masks: 1 }]);
  // Revoked: its purposes leave, it stays listed as revoked.
  assert.equal(
    (await admin.req('POST', `/api/authorisations/${ap.json.id}/revoke`, { reason: 'ended trial' })).status,
    200,
  );
  const revoked = await record();
  assert.deepEqual(revoked.purposes.find((p) => p.purpose === 'public_safety')!.authorisations, ['VP-GARE']);
  assert.equal(revoked.authorisations.find((a) => a.reference === 'AP-001')!.revoked, true);
});

test('Markdown and a standalone printable HTML page; a bad format is a 400; reads are journaled', async () => {
  const md = await admin.req('GET', '/api/register/processing?format=md');
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type')!, /^text\/markdown/);
  assert.equal(md.headers.get('cache-control'), 'private, no-store');
  assert.match(md.text, /^# Registre des activités de traitement \(Record of processing, RGPD art\. 30\)/);
  assert.match(md.text, /\| video_protection \| VP-GARE \| Préfet du Nord \(test\) \| 2026-01-01 \|/);
  assert.match(md.text, /## Annexe AIPD \(DPIA annex: risks and measures\)/);
  const html = await admin.req('GET', '/api/register/processing?format=html');
  assert.match(html.headers.get('content-type')!, /^text\/html/);
  assert.match(html.text, /^<!doctype html>\n<html lang="fr">/);
  assert.match(html.text, /@media print/);
  assert.equal(html.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'");
  // Standalone: no script, nothing fetched from elsewhere.
  assert.doesNotMatch(html.text, /<script|<link|src=/);
  assert.match(html.text, /<td>VP-GARE<\/td>/);
  assert.equal((await admin.req('GET', '/api/register/processing?format=xml')).status, 400);
  const journal = (await admin.req('GET', '/api/audit?action=register.processing')).json as {
    actor: string;
    target: string;
  }[];
  assert.ok(journal.some((e) => e.actor === 'dpo' && e.target === 'json'));
  assert.ok(journal.some((e) => e.actor === 'chief' && e.target === 'html'));
});

test("the controller is the public register's city and contact when the configuration names them", () => {
  const cfg = parseConfig({});
  assert.deepEqual(processingSettings(cfg).controller, { name: null, contact: null });
  const named = parseConfig({ publicRegister: { cityName: 'Valenciennes', contactEmail: 'dpo@example.org' } });
  assert.deepEqual(processingSettings(named).controller, {
    name: 'Valenciennes',
    contact: 'dpo@example.org',
  });
});
