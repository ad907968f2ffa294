// The register of right-of-access requests (law.md L7): who asked for which footage, by when it must be answered
// (one month, RGPD art. 12(3)), and each step, journaled. Bad input is refused with nothing stored, and the attempt
// journaled too: someone asking for footage of cameras outside their sectors is worth a trace.
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, forbidden, notFound } from '../errors.js';
import { daysBetween } from '../legal/coverage.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { RetentionRule } from '../recordings/retention.js';
import { can, canSeeSector, type Principal, sectorScope } from '../users/principal.js';
import { requestProblem } from './checks.js';
import { afterStep, newRequest } from './lifecycle.js';
import {
  type AccessRequest,
  type AccessRequestInput,
  type AccessState,
  type AccessStep,
  deadlineOf,
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

  private copyExists: ((requestId: string, copyId: string) => Promise<boolean>) | undefined;

  /** Lets the answer step check the copies it names (the copy service is built after the register). */
  linkCopies(exists: (requestId: string, copyId: string) => Promise<boolean>): void {
    this.copyExists = exists;
  }

  /** Why the copies a step names cannot be linked to it, if they cannot. */
  private async copiesProblem(id: string, s: AccessStep): Promise<DomainError | undefined> {
    if (!s.copyIds?.length) return undefined;
    if (s.step !== 'answer') return badRequest('copyIds: only an answer gives copies');
    for (const c of s.copyIds)
      if (!(await this.copyExists?.(id, c))) return badRequest(`copyIds: ${c} is not a copy made for this request`);
    return undefined;
  }

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

  /** Journals a refused attempt, then throws its error (nothing stored); the copies' refusals too. */
  async refuse(p: Principal, ip: string, target: string, e: DomainError, details: object): Promise<never> {
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
    const now = this.clock.now();
    const problem = await requestProblem(this.store, this.retention, p, input, { ms: now, day: this.today() });
    if (problem) return fail(problem);
    const r = newRequest(input, p.username, new Date(now).toISOString());
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
    const at = new Date(this.clock.now()).toISOString();
    const linked = await this.copiesProblem(id, s);
    if (linked) return fail(linked);
    const next = afterStep(cur, s, { by: p.username, at, today: this.today() });
    if (next instanceof DomainError) return fail(next);
    if (s.copyIds?.length) next.history.at(-1)!.copies = [...new Set(s.copyIds)];
    const note = next.history.at(-1)?.note;
    await this.store.transaction(async (tx) => {
      await tx.accessRequests.update(next);
      await this.journal.record(
        {
          actor: p.username,
          action: `access_request.${s.step}`,
          target: id,
          ip,
          details: {
            from: cur.state,
            to: next.state,
            reference: cur.reference,
            ...(note && { note }),
            ...(s.copyIds?.length && { copyIds: s.copyIds }),
          },
        },
        tx.audit,
      );
    });
    return this.view(next);
  }
}
