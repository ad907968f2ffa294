// The register of right-of-access requests (law.md L7): who asked for which footage, by when it must be answered
// (one month, RGPD art. 12(3)), and each step, journaled. Bad input is refused with nothing stored, and the attempt
// journaled too: someone asking for footage of cameras outside their sectors is worth a trace.
import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, type DomainError, forbidden, notFound } from '../errors.js';
import { daysBetween } from '../legal/coverage.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { DAY_MS, type RetentionRule, retentionDaysOf } from '../recordings/retention.js';
import { can, canSeeSector, type Principal, sectorScope } from '../users/principal.js';
import {
  type AccessRequest,
  type AccessRequestInput,
  type AccessState,
  type AccessStep,
  addMonths,
  deadlineOf,
  FROM,
  pending,
} from './schemas.js';

export interface AccessRequestView extends AccessRequest {
  /** Days from today (centre's time zone) to the deadline in force; negative once past. */
  daysLeft: number;
  /** Past the deadline and still unanswered. */
  overdue: boolean;
}

export class AccessRequestService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    /** Today in the centre's time zone (the legal register's day). */
    private readonly today: () => string,
    /** The retention rule footage is deleted by: a window older than it asks for footage that no longer exists. */
    private readonly retention: RetentionRule,
  ) {}

  view(r: AccessRequest): AccessRequestView {
    const daysLeft = daysBetween(this.today(), deadlineOf(r));
    return { ...r, daysLeft, overdue: pending(r) && daysLeft < 0 };
  }

  /** A scoped user sees a request only when every camera it names is in their sectors. */
  private async visible(p: Principal, r: AccessRequest): Promise<boolean> {
    if (sectorScope(p) === undefined) return true;
    for (const id of r.cameraIds) {
      const c = await this.store.cameras.get(id);
      if (!c || !canSeeSector(p, c.sectorId)) return false;
    }
    return true;
  }

  async list(p: Principal, q: { state?: AccessState } = {}): Promise<AccessRequestView[]> {
    if (!can(p, 'access_requests.read')) throw forbidden();
    const out: AccessRequestView[] = [];
    for (const r of await this.store.accessRequests.list())
      if ((q.state === undefined || r.state === q.state) && (await this.visible(p, r))) out.push(this.view(r));
    return out;
  }

  private async load(p: Principal, id: string): Promise<AccessRequest> {
    const r = await this.store.accessRequests.get(id);
    if (!r || !(await this.visible(p, r))) throw notFound(`access request ${id}`);
    return r;
  }

  async get(p: Principal, id: string): Promise<AccessRequestView> {
    if (!can(p, 'access_requests.read')) throw forbidden();
    return this.view(await this.load(p, id));
  }

  /** Journals a refused attempt, then throws its error (nothing stored). */
  private async refuse(p: Principal, ip: string, target: string, e: DomainError, details: object): Promise<never> {
    await this.journal.record({
      actor: p.username,
      action: 'access_request.refused',
      target,
      ip,
      details: { status: e.status, why: e.message, ...details },
    });
    throw e;
  }

  async create(p: Principal, input: AccessRequestInput, ip = ''): Promise<AccessRequestView> {
    if (!can(p, 'access_requests.handle')) throw forbidden();
    const attempt = { reference: input.reference, cameraIds: input.cameraIds, from: input.from, to: input.to };
    const fail = (e: DomainError) => this.refuse(p, ip, input.reference, e, attempt);
    const fromMs = Date.parse(input.from);
    const toMs = Date.parse(input.to);
    const now = this.clock.now();
    const today = this.today();
    if (fromMs >= toMs) await fail(badRequest('from must be before to'));
    if (input.receivedOn > today) await fail(badRequest(`receivedOn ${input.receivedOn} is after today (${today})`));
    if (toMs > now) await fail(badRequest('the window ends in the future: no footage of it exists yet'));
    for (const id of new Set(input.cameraIds)) {
      const c = await this.store.cameras.get(id);
      // Unknown and out-of-sector cameras read the same to a scoped user (404), as on every camera route.
      if (!c || !canSeeSector(p, c.sectorId)) await fail(notFound(`camera ${id}`));
      const days = await retentionDaysOf(this.store, id, this.retention);
      const oldest = now - days * DAY_MS;
      if (fromMs < oldest)
        await fail(
          badRequest(
            `camera ${id} keeps ${days} days of footage: the window starts before ${new Date(oldest).toISOString()}, ` +
              'which no longer exists',
            { cameraId: id, retentionDays: days },
          ),
        );
    }
    const at = new Date(now).toISOString();
    const r: AccessRequest = {
      id: randomUUID(),
      reference: input.reference,
      receivedOn: input.receivedOn,
      dueOn: addMonths(input.receivedOn, 1),
      extension: null,
      cameraIds: [...new Set(input.cameraIds)],
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      description: input.description,
      state: 'received',
      outcome: null,
      outcomeOn: null,
      outcomeReason: null,
      createdBy: p.username,
      createdAt: at,
      updatedAt: at,
      history: [{ at, by: p.username, step: 'create' }],
    };
    await this.store.transaction(async (tx) => {
      await tx.accessRequests.insert(r);
      await this.journal.record(
        {
          actor: p.username,
          action: 'access_request.create',
          target: r.id,
          ip,
          details: { ...attempt, dueOn: r.dueOn },
        },
        tx.audit,
      );
    });
    return this.view(r);
  }

  /** One step of the lifecycle: 409 when the request's state does not allow it. */
  async step(p: Principal, id: string, s: AccessStep, ip = ''): Promise<AccessRequestView> {
    if (!can(p, 'access_requests.handle')) throw forbidden();
    const cur = await this.load(p, id);
    const fail = (e: DomainError) => this.refuse(p, ip, id, e, { step: s.step, state: cur.state });
    if (!FROM[s.step].includes(cur.state))
      await fail(conflict(`cannot ${s.step} a request that is ${cur.state.replace('_', ' ')}`));
    const at = new Date(this.clock.now()).toISOString();
    const next: AccessRequest = { ...cur, updatedAt: at };
    let note: string | undefined;
    if (s.step === 'start') next.state = 'in_progress';
    else if (s.step === 'close') next.state = 'closed';
    else if (s.step === 'extend') {
      if (cur.extension) await fail(conflict(`the deadline was already extended to ${cur.extension.dueOn}`));
      const max = addMonths(cur.dueOn, 2);
      if (!s.dueOn || !s.reason) await fail(badRequest('an extension needs its dueOn and its reason'));
      if (s.dueOn! <= cur.dueOn || s.dueOn! > max)
        await fail(badRequest(`the new deadline must be after ${cur.dueOn} and at most two months more (${max})`));
      next.extension = { dueOn: s.dueOn!, reason: s.reason! };
      note = `${s.dueOn}: ${s.reason}`;
    } else {
      const outcome = s.step === 'refuse' ? 'refused' : s.partial ? 'partially_answered' : 'answered';
      if (outcome !== 'answered' && !s.reason)
        await fail(badRequest(`${outcome.replace('_', ' ')} needs its reason (what was left out or refused, and why)`));
      next.state = outcome;
      next.outcome = outcome;
      next.outcomeOn = this.today();
      next.outcomeReason = s.reason ?? null;
      note = s.reason;
    }
    next.history = [...cur.history, { at, by: p.username, step: s.step, ...(note && { note }) }];
    await this.store.transaction(async (tx) => {
      await tx.accessRequests.update(next);
      await this.journal.record(
        {
          actor: p.username,
          action: `access_request.${s.step}`,
          target: id,
          ip,
          details: { from: cur.state, to: next.state, reference: cur.reference, ...(note && { note }) },
        },
        tx.audit,
      );
    });
    return this.view(next);
  }
}
