// /public over HTTP: ETag and 304, the per-address rate limit (429 with Retry-After), documents only when an admin
// published them; and the admin side (publication, contracts): admins only, bad input refused, journaled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TokenBuckets } from '../../src/http/rate-limit.js';
import { PDF, type PublicFixture, publicFixture } from './setup.js';

let f: PublicFixture;
before(async () => {
  f = await publicFixture();
});
after(() => f.t.stop());

test('a strong ETag: 304 on If-None-Match, a new tag once the register changes', async () => {
  const r1 = await f.anon.req('GET', '/public/register.json');
  const tag = r1.headers.get('etag')!;
  const r2 = await f.anon.req('GET', '/public/register.json', undefined, { 'if-none-match': tag });
  assert.equal(r2.status, 304);
  assert.equal(r2.text, '');
  assert.equal(r2.headers.get('etag'), tag);
  const other = await f.anon.req('GET', '/public/register.json', undefined, { 'if-none-match': '"nope"' });
  assert.equal(other.status, 200);
  // A change through the admin API reaches the public register by the bus (debounced), no restart needed.
  await f.admin.req('PUT', '/api/publication/cameras/PUB-2', { published: true, covers: 'the station forecourt' });
  const pr = f.t.centre.services.publicRegister!;
  const builds = pr.builds;
  for (let i = 0; i < 100 && pr.builds === builds; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(pr.builds > builds, 'rebuilt after the change');
  const r3 = await f.anon.req('GET', '/public/register.json', undefined, { 'if-none-match': tag });
  assert.equal(r3.status, 200);
  assert.notEqual(r3.headers.get('etag'), tag);
  assert.ok(r3.text.includes('the station forecourt'));
});

test('large documents are served gzipped when asked, with their own strong tag', async () => {
  const plain = await fetch(`${f.t.base}/public/cameras.geojson`, { headers: { 'accept-encoding': 'identity' } });
  const zipped = await fetch(`${f.t.base}/public/cameras.geojson`, { headers: { 'accept-encoding': 'gzip' } });
  const plainText = await plain.text();
  if (Buffer.byteLength(plainText) <= 8192) {
    // The fixture's register is small: no gzip copy, the same tag whatever the client accepts.
    assert.equal(zipped.headers.get('content-encoding'), null);
    assert.equal(zipped.headers.get('etag'), plain.headers.get('etag'));
  }
  // The register with many cameras is large enough: build one and check the gzip copy.
  const pr = f.t.centre.services.publicRegister!;
  const s = f.t.centre.services;
  for (let i = 0; i < 40; i++)
    await s.store.cameras.insert({
      id: `BULK-${i}`,
      name: `Bulk camera ${i}`,
      sectorId: 'nord',
      streams: { main: 'rtsp://127.0.0.1:9/x' },
      credentialsCipher: null,
      phase: 'extension',
      status: 'active',
      tags: [],
      position: { lat: 50.3, lon: 3.5 },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  await pr.refresh();
  const a = await fetch(`${f.t.base}/public/register.json`, { headers: { 'accept-encoding': 'identity' } });
  const g = await fetch(`${f.t.base}/public/register.json`, { headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(g.headers.get('content-encoding'), 'gzip');
  assert.equal(g.headers.get('vary'), 'accept-encoding');
  assert.equal(a.headers.get('content-encoding'), null);
  assert.equal(await g.text(), await a.text(), 'the same document once inflated');
  assert.equal(g.headers.get('etag'), `${a.headers.get('etag')!.slice(0, -1)}-gz"`);
  const again = await fetch(`${f.t.base}/public/register.json`, {
    headers: { 'accept-encoding': 'gzip', 'if-none-match': g.headers.get('etag')! },
  });
  assert.equal(again.status, 304);
});

test('documents: served when published (with their SHA-256 as ETag), 404 otherwise', async () => {
  const ok = await fetch(`${f.t.base}/public/documents/${f.publishedDoc}.pdf`);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), PDF);
  assert.match(ok.headers.get('etag') ?? '', /^"[0-9a-f]{64}"$/);
  assert.equal(ok.headers.get('content-security-policy'), 'sandbox');
  const hidden = await f.anon.req('GET', `/public/documents/${f.unpublishedDoc}.pdf`);
  assert.equal(hidden.status, 404);
  assert.equal((await f.anon.req('GET', '/public/documents/00000000-0000-4000-8000-000000000000.pdf')).status, 404);
  assert.equal((await f.anon.req('GET', `/public/documents/${f.publishedDoc}`)).status, 400);
});

test('publication and contracts: admins only, bad input refused with nothing stored, every change journaled', async () => {
  const op = await f.t.user('op-nord', 'operator', ['nord']);
  const sup = await f.t.user('sup-nord', 'supervisor', ['nord']);
  for (const c of [op, sup]) {
    assert.equal((await c.req('GET', '/api/publication/cameras')).status, 403);
    assert.equal((await c.req('GET', '/api/contracts')).status, 403);
    assert.equal((await c.req('PUT', '/api/publication/cameras/PUB-1', { published: true })).status, 403);
  }
  const list = (await f.admin.req('GET', '/api/publication/cameras')).json;
  assert.deepEqual(
    list
      .filter((x: { cameraId: string }) => !x.cameraId.startsWith('BULK-'))
      .map((x: { cameraId: string; published: boolean }) => [x.cameraId, x.published]),
    [
      ['HID-9', false],
      ['PUB-1', true],
      ['PUB-2', true],
    ],
  );
  const noReason = await f.admin.req('PUT', '/api/publication/cameras/PUB-1', { published: false, reason: 'no' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.json.message, /reason/);
  assert.equal((await f.admin.req('PUT', '/api/publication/cameras/NOPE', { published: true })).status, 404);
  const long = await f.admin.req('PUT', '/api/publication/cameras/PUB-1', { published: true, covers: 'x'.repeat(301) });
  assert.equal(long.status, 400);
  assert.equal(list.find((x: { cameraId: string }) => x.cameraId === 'PUB-1').covers, 'the square and its fountain');

  const before = (await f.admin.req('GET', '/api/contracts')).json.length;
  for (const bad of [
    { vendor: 'X', object: 'Y', currency: 'euro', signedOn: '2026-01-01', maintenance: '' },
    { vendor: 'X', object: 'Y', signedOn: '2026-13-01', maintenance: '' },
    { vendor: 'X', object: 'Y', signedOn: '2026-01-01', maintenance: '', amountCents: -1 },
    { vendor: 'X', object: 'Y', signedOn: '2026-01-01', maintenance: '', amountCents: 1.5 },
    { vendor: '', object: 'Y', signedOn: '2026-01-01', maintenance: '' },
  ]) {
    const r = await f.admin.req('POST', '/api/contracts', bad);
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  assert.equal((await f.admin.req('GET', '/api/contracts')).json.length, before);
  const c = await f.admin.req('POST', '/api/contracts', {
    vendor: 'Fibre & Co',
    object: 'Network links',
    signedOn: '2026-04-01',
    maintenance: 'yearly check',
  });
  assert.equal(c.status, 201);
  assert.equal(c.json.currency, 'EUR');
  assert.equal(c.json.amountCents, null);
  const u = await f.admin.req('PUT', `/api/contracts/${c.json.id}`, { ...c.json, id: undefined });
  assert.equal(u.status, 400, 'unknown fields refused');
  const u2 = await f.admin.req('PUT', `/api/contracts/${c.json.id}`, {
    vendor: 'Fibre & Co',
    object: 'Network links',
    signedOn: '2026-04-01',
    maintenance: 'yearly check',
    amountCents: 500_00,
    currency: 'EUR',
  });
  assert.equal(u2.status, 200);
  assert.equal(u2.json.amountCents, 50_000);
  assert.equal((await f.admin.req('DELETE', `/api/contracts/${c.json.id}`)).status, 200);
  assert.equal((await f.admin.req('DELETE', `/api/contracts/${c.json.id}`)).status, 404);
  const audit = f.t.centre.services.store.audit;
  for (const action of ['publication.camera', 'contract.create', 'contract.update', 'contract.delete'])
    assert.equal((await audit.search({ action, limit: 5 })).length > 0, true, action);
});

test('past the rate limit a client gets 429 with Retry-After; another address is not affected', async () => {
  let t = 0;
  const b = new TokenBuckets(3, () => t);
  assert.deepEqual([b.take('a'), b.take('a'), b.take('a')], [0, 0, 0]);
  assert.equal(b.take('a'), 20, 'one token every 20 s at 3 a minute');
  assert.equal(b.take('b'), 0);
  t += 20_000;
  assert.equal(b.take('a'), 0);
});

test('the rate limit over HTTP', async () => {
  const g = await publicFixture({ rateLimitPerMinute: 5 });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await g.anon.req('GET', '/public/contracts.json')).status);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    const r = await g.anon.req('GET', '/public/register.json');
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '12');
    assert.match(r.json.message, /too many requests/);
    // The console's API is not limited by it.
    assert.equal((await g.admin.req('GET', '/api/contracts')).status, 200);
  } finally {
    await g.t.stop();
  }
});

test('a month is asked as YYYY-MM; a centre with the register disabled has no /public at all', async () => {
  assert.equal((await f.anon.req('GET', '/public/statistics.json?month=2026-13')).status, 400);
  assert.equal((await f.anon.req('GET', '/public/statistics.json?month=2026-6')).status, 400);
  const may = await f.anon.req('GET', '/public/statistics.json?month=2026-05');
  assert.equal(may.status, 200);
  assert.deepEqual(
    may.json.months.map((m: { month: string }) => m.month),
    ['2026-05'],
  );
  const { startCentre } = await import('../support/centre.js');
  const off = await startCentre({ config: { publicRegister: { enabled: false } } });
  try {
    assert.equal(off.centre.services.publicRegister, undefined);
    assert.equal((await fetch(`${off.base}/public/register.json`)).status, 404);
  } finally {
    await off.stop();
  }
});
