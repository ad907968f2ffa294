// What an admin publishes on the public register: per-camera publication (withheld with a reason) and the
// system's contracts. Admins only (legal.write), every change journaled, announced on the bus for the rebuild.
import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { forbidden, notFound } from '../errors.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { can, type Principal } from '../users/principal.js';
import type { CameraPublication, Contract, ContractInput, PublicationInput } from './schemas.js';

/** Published (payload `{ what }`) when a camera's publication or a contract changes. */
export const PUBLICATION_CHANGED = 'publication.changed';

export interface CameraPublicationView {
  cameraId: string;
  name: string;
  published: boolean;
  reason: string | null;
  covers: string | null;
}

export class PublicationService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly bus?: Bus,
  ) {}

  private admin(p: Principal) {
    if (!can(p, 'legal.write')) throw forbidden('only an admin decides what the public register shows');
  }

  private now() {
    return new Date(this.clock.now()).toISOString();
  }

  /** Every camera of the fleet with its publication choice (no row: published, nothing said). */
  async cameras(p: Principal): Promise<CameraPublicationView[]> {
    this.admin(p);
    const rows = new Map((await this.store.publication.list()).map((r) => [r.cameraId, r]));
    const { items } = await this.store.cameras.list({ limit: 1_000_000 });
    return items.map((c) => {
      const r = rows.get(c.id);
      return {
        cameraId: c.id,
        name: c.name,
        published: r?.published ?? true,
        reason: r?.reason ?? null,
        covers: r?.covers ?? null,
      };
    });
  }

  async setCamera(p: Principal, cameraId: string, input: PublicationInput, ip = ''): Promise<CameraPublicationView> {
    this.admin(p);
    const camera = await this.store.cameras.get(cameraId);
    if (!camera) throw notFound(`camera ${cameraId}`);
    const rec: CameraPublication = {
      cameraId,
      published: input.published,
      // A reason only explains a withheld camera; kept off a published one so it is never shown by mistake.
      reason: input.published ? null : (input.reason ?? null),
      covers: input.covers || null,
      updatedBy: p.username,
      updatedAt: this.now(),
    };
    await this.store.transaction(async (tx) => {
      await tx.publication.put(rec);
      await this.journal.record(
        {
          actor: p.username,
          action: 'publication.camera',
          target: cameraId,
          ip,
          details: { published: rec.published, reason: rec.reason, covers: rec.covers },
        },
        tx.audit,
      );
    });
    this.bus?.publish(PUBLICATION_CHANGED, { what: 'camera' });
    return { cameraId, name: camera.name, published: rec.published, reason: rec.reason, covers: rec.covers };
  }

  async contracts(p: Principal): Promise<Contract[]> {
    this.admin(p);
    return this.store.contracts.list();
  }

  async createContract(p: Principal, input: ContractInput, ip = ''): Promise<Contract> {
    this.admin(p);
    const now = this.now();
    const c: Contract = { ...input, id: randomUUID(), createdBy: p.username, createdAt: now, updatedAt: now };
    await this.writeContract(p, 'contract.create', c, ip, (tx) => tx.contracts.insert(c));
    return c;
  }

  async updateContract(p: Principal, id: string, input: ContractInput, ip = ''): Promise<Contract> {
    this.admin(p);
    const cur = await this.store.contracts.get(id);
    if (!cur) throw notFound(`contract ${id}`);
    const c: Contract = { ...input, id, createdBy: cur.createdBy, createdAt: cur.createdAt, updatedAt: this.now() };
    await this.writeContract(p, 'contract.update', c, ip, (tx) => tx.contracts.update(c));
    return c;
  }

  async deleteContract(p: Principal, id: string, ip = ''): Promise<void> {
    this.admin(p);
    const cur = await this.store.contracts.get(id);
    if (!cur) throw notFound(`contract ${id}`);
    await this.writeContract(p, 'contract.delete', cur, ip, async (tx) => {
      await tx.contracts.delete(id);
    });
  }

  private async writeContract(
    p: Principal,
    action: string,
    c: Contract,
    ip: string,
    write: (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) => Promise<void>,
  ) {
    await this.store.transaction(async (tx) => {
      await write(tx);
      await this.journal.record(
        {
          actor: p.username,
          action,
          target: c.id,
          ip,
          details: { vendor: c.vendor, object: c.object, amountCents: c.amountCents ?? null, signedOn: c.signedOn },
        },
        tx.audit,
      );
    });
    this.bus?.publish(PUBLICATION_CHANGED, { what: 'contract' });
  }
}
