// What the access-request tests share: a centre with two sectors, cameras of 30 and 10 days' retention, one user
// per role, and a valid request body over the recorded past.
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

/** 11:00 in Paris on 4 December 2026: the centre's day is 2026-12-04. */
export const NOW = Date.parse('2026-12-04T10:00:00Z');
const H = 3_600_000;

export interface Fixture {
  t: TestCentre;
  admin: Client;
  sup: Client;
  supSud: Client;
  aud: Client;
  op: Client;
}

export async function fixture(config: Record<string, unknown> = {}): Promise<Fixture> {
  const t = await startCentre({ config: { ingest: { enabled: false }, ...config } });
  t.clock.t = NOW;
  const s = t.centre.services;
  await s.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await s.fleet.upsertSector(SYSTEM, { id: 'sud', name: 'Sud' });
  const cam = (id: string, sectorId: string, retentionDays?: number) =>
    s.fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId,
      streams: { main: 'rtsp://127.0.0.1:9/none' },
      phase: 'pilot',
      status: 'active',
      tags: [],
      ...(retentionDays !== undefined && { retentionDays }),
    });
  await cam('NOR-1', 'nord');
  await cam('NOR-10D', 'nord', 10);
  await cam('SUD-1', 'sud');
  return {
    t,
    admin: await t.user('admin', 'admin'),
    sup: await t.user('sup-nord', 'supervisor', ['nord']),
    supSud: await t.user('sup-sud', 'supervisor', ['sud']),
    aud: await t.user('auditeur', 'auditor'),
    op: await t.user('op-nord', 'operator', ['nord']),
  };
}

/** A request received today over the afternoon before, on NOR-1 (override what the case is about). */
export const body = (over: Record<string, unknown> = {}) => ({
  reference: 'DPO-2026-041',
  receivedOn: '2026-12-04',
  cameraIds: ['NOR-1'],
  from: new Date(NOW - 20 * H).toISOString(),
  to: new Date(NOW - 19 * H).toISOString(),
  description: 'red coat, grey backpack, crossing the square towards the station',
  ...over,
});

export const journal = async (t: TestCentre, action: string) =>
  (await t.centre.services.store.audit.search({ action, limit: 1000 })).map((e) => ({
    target: e.target,
    actor: e.actor,
    details: JSON.parse(e.details),
  }));

export const stored = async (t: TestCentre) => (await t.centre.services.store.accessRequests.list()).length;

/** Moves the clock (days, for deadlines) and logs everyone in again: sessions last hours, not weeks. */
export async function later(f: Fixture, ms: number) {
  f.t.clock.advance(ms);
  const users: [Client, string][] = [
    [f.admin, 'admin'],
    [f.sup, 'sup-nord'],
    [f.supSud, 'sup-sud'],
    [f.aud, 'auditeur'],
    [f.op, 'op-nord'],
  ];
  for (const [c, name] of users) await c.login(name, PASSWORD);
}
