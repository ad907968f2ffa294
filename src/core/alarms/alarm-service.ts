import type { AuditEntry, AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, forbidden, notFound } from '../errors.js';
import type { Alarm, AlarmFilter, AlarmPriority, AlarmState, Disposition } from '../ports/alarms.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventKind, VigieEvent } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import { can, type Permission, type Principal, sectorScope } from '../users/principal.js';
import { AlarmFeed, asEvent, type FeedOptions } from './alarm-feed.js';
import { type AlarmChange, AlarmWriter } from './alarm-writer.js';
import { DEFAULT_DEADLINES_MS } from './priorities.js';
import { SnoozeDesk } from './snoozes.js';
import { type AlarmStats, aggregate } from './stats.js';
import * as step from './transitions.js';

export interface AlarmOptions extends FeedOptions {
  /** How often the escalation check runs once started. */
  tickMs: number;
  /** Where failures of bus-fed work go (they never reach the publisher). */
  onError: (err: unknown, what: string) => void;
}

export interface AlarmQuery {
  state?: AlarmState | 'open';
  kind?: EventKind;
  cameraId?: string;
  priority?: AlarmPriority;
  sectorId?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
  offset: number;
}

/**
 * The legal register's alarms (analytics stopped at the end of their basis, an authorisation ending soon) are for
 * those who may read the register and renew it (supervisors, admins, auditors), not for operators at the desk.
 */
export const LEGAL_ALARM_KINDS: readonly EventKind[] = ['legal_basis_expired', 'legal_basis_expiring'];

/** Alarms about the whole centre, not one camera (storage). */
const CENTRE_WIDE = '*';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN: AlarmState[] = ['new', 'acknowledged', 'assigned'];
type HumanChange = Extract<AlarmChange, 'acknowledged' | 'assigned' | 'commented' | 'closed'>;
const VERBS: Record<HumanChange, string> = {
  acknowledged: 'acknowledge',
  assigned: 'assign',
  commented: 'comment',
  closed: 'close',
};
/** What a bulk close did to each id. */
export interface BulkOutcome {
  id: string;
  outcome: 'closed' | 'not_found' | 'already_closed' | 'refused';
  message?: string;
  alarm?: Alarm;
}

/** Events returned with one alarm (the newest); eventCount says how many there are in all. */
const EVENTS_SHOWN = 100;

/** Alarms: attention signals from events, each awaiting a human disposition; every step journaled and published. */
export class AlarmService {
  private readonly writer: AlarmWriter;
  readonly feed: AlarmFeed;
  /** A camera's kind silenced for a while (the feed raises no alarm for it meanwhile). */
  readonly snoozes: SnoozeDesk;
  private readonly opts: AlarmOptions;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private stopConsume?: () => Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    journal: AuditJournal,
    private readonly clock: Clock,
    opts: Partial<AlarmOptions> = {},
  ) {
    this.opts = { windowMs: 60_000, deadlinesMs: DEFAULT_DEADLINES_MS, tickMs: 5_000, onError: () => {}, ...opts };
    this.writer = new AlarmWriter(store, bus, journal);
    this.snoozes = new SnoozeDesk(store, bus, journal, clock);
    this.feed = new AlarmFeed(store, this.writer, clock, this.opts, this.snoozes);
  }

  /** Feeds alarms from `events.<kind>` and `events.<kind>.ended`, one at a time in arrival order. */
  subscribe() {
    this.unsubscribe ??= this.bus.subscribe('events.*', (payload, topic) => {
      const e = asEvent(payload);
      if (!e) return;
      if (topic.endsWith('.ended')) this.enqueue(() => this.feed.onEnded(e), topic);
      else this.enqueue(() => this.feed.onEvent(e), topic);
    });
  }

  /**
   * The same feed as a member of the cluster's work-once group `alarm-feed`: each event is turned into alarm changes
   * by one api node only, and acknowledged once it was (a node that dies with it in hand leaves it to another). A
   * failure is reported and the event acknowledged, as `subscribe` does: a retry could open its alarm twice.
   */
  async consume(): Promise<void> {
    if (this.unsubscribe || this.stopConsume) return;
    this.stopConsume = await this.bus.consume('events.*', 'alarm-feed', (payload, topic) => {
      const e = asEvent(payload);
      if (!e) return Promise.resolve();
      return this.enqueue(() => (topic.endsWith('.ended') ? this.feed.onEnded(e) : this.feed.onEvent(e)), topic);
    });
  }

  private enqueue(job: () => Promise<unknown>, what: string): Promise<void> {
    this.chain = this.chain.then(job).then(
      () => undefined,
      (err) => this.opts.onError(err, what),
    );
    return this.chain;
  }

  /** Resolves once every event received so far has been turned into alarm changes. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Starts the escalation check (the feed works without it). */
  start() {
    this.timer ??= setInterval(() => this.enqueue(() => this.feed.escalateDue(), 'alarm escalation'), this.opts.tickMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.stopConsume?.();
    this.stopConsume = undefined;
    await this.chain;
  }

  escalateDue() {
    return this.feed.escalateDue();
  }

  /** Whether the caller may see this alarm: its camera's sector is in their scope (deleted camera: unscoped only). */
  visibleTo(p: Principal, a: Alarm): boolean {
    const scope = sectorScope(p);
    if (!can(p, 'alarms.read')) return false;
    if (LEGAL_ALARM_KINDS.includes(a.kind) && !can(p, 'legal.read')) return false;
    if (a.cameraId === CENTRE_WIDE) return scope === undefined || can(p, 'holds.manage');
    return scope === undefined || (a.sectorId !== null && scope.includes(a.sectorId));
  }

  private allow(p: Principal, perm: Permission) {
    if (!can(p, perm)) throw forbidden();
  }

  /** Out-of-scope alarms answer 404 exactly like missing ones. */
  async get(p: Principal, id: string): Promise<Alarm> {
    this.allow(p, 'alarms.read');
    const a = UUID.test(id) ? await this.store.alarms.get(id) : undefined;
    if (!a || !this.visibleTo(p, a)) throw notFound(`alarm ${id}`);
    return a;
  }

  /** The alarm's newest events (up to 100), newest first. */
  async events(p: Principal, id: string): Promise<{ alarm: Alarm; events: VigieEvent[] }> {
    const alarm = await this.get(p, id);
    const ids = alarm.eventIds.slice(-EVENTS_SHOWN).reverse();
    const events = (await Promise.all(ids.map((e) => this.store.events.get(e)))).filter((e) => e !== undefined);
    return { alarm, events };
  }

  private filter(p: Principal, q: Omit<AlarmQuery, 'limit' | 'offset' | 'state'> & { state?: AlarmQuery['state'] }) {
    const scope = sectorScope(p);
    const f: Omit<AlarmFilter, 'limit' | 'offset'> = {
      ...(scope && { sectorIds: scope }),
      // Centre-wide alarms (storage: holds, exports, the disk) are for those who manage holds and exports.
      ...(scope && can(p, 'holds.manage') && { centreWide: true }),
      ...(q.sectorId && { sectorId: q.sectorId }),
      ...(q.state && { states: q.state === 'open' ? OPEN : [q.state] }),
      ...(q.kind && { kinds: [q.kind] }),
      ...(!can(p, 'legal.read') && { excludeKinds: [...LEGAL_ALARM_KINDS] }),
      ...(q.cameraId && { cameraIds: [q.cameraId] }),
      ...(q.priority && { priorities: [q.priority] }),
      ...(q.fromMs !== undefined && { fromMs: q.fromMs }),
      ...(q.toMs !== undefined && { toMs: q.toMs }),
    };
    return f;
  }

  async list(p: Principal, q: AlarmQuery) {
    this.allow(p, 'alarms.read');
    return this.store.alarms.list({ ...this.filter(p, q), limit: q.limit, offset: q.offset });
  }

  async stats(p: Principal, q: Omit<AlarmQuery, 'limit' | 'offset' | 'state'>): Promise<AlarmStats> {
    this.allow(p, 'alarms.read');
    return aggregate(await this.store.alarms.stats(this.filter(p, q)));
  }

  /** A human step: rights, scope, then the transition, journaled with who, when and from where. */
  private async act(
    p: Principal,
    id: string,
    ip: string,
    change: HumanChange,
    fn: (a: Alarm, at: number) => Alarm,
    details: Record<string, unknown> = {},
  ): Promise<Alarm> {
    this.allow(p, 'alarms.handle');
    await this.get(p, id);
    const entry = (n: Alarm): AuditEntry => ({
      actor: p.username,
      action: `alarm.${VERBS[change]}`,
      target: id,
      ip,
      details: { kind: n.kind, camera: n.cameraId, priority: n.priority, ...details },
    });
    const at = this.clock.now();
    return (await this.writer.mutate(id, { change: (a) => fn(a, at), entry, published: change }))!;
  }

  acknowledge(p: Principal, id: string, ip = '') {
    return this.act(p, id, ip, 'acknowledged', (a, at) => step.acknowledge(a, p.username, at));
  }

  /** Operators may take an alarm themselves; handing it to someone else needs `alarms.assign`. */
  async assign(p: Principal, id: string, userId: string, ip = '') {
    this.allow(p, 'alarms.handle');
    if (userId !== p.userId && !can(p, 'alarms.assign'))
      throw forbidden('assigning an alarm to someone else is for supervisors and admins');
    const alarm = await this.get(p, id);
    const u = await this.store.users.get(userId);
    const as: Principal | undefined = u && {
      userId: u.id,
      username: u.username,
      role: u.role,
      sectorIds: u.sectorIds,
      via: 'session',
    };
    // One answer for every refusal: the endpoint must not tell which ids exist, nor their names or roles.
    if (!u || !as || u.disabled || !can(as, 'alarms.handle') || !this.visibleTo(as, alarm))
      throw badRequest(
        `userId: ${userId} cannot take this alarm (no active user allowed to handle alarms in its camera's sector)`,
      );
    const to = { id: u.id, username: u.username };
    return this.act(p, id, ip, 'assigned', (a, at) => step.assign(a, p.username, at, to), { assignee: u.username });
  }

  /** The text stays on the alarm; the journal, kept for good, records only that a comment was made and its length. */
  comment(p: Principal, id: string, text: string, ip = '') {
    return this.act(p, id, ip, 'commented', (a, at) => step.comment(a, p.username, at, text), { chars: text.length });
  }

  close(p: Principal, id: string, disposition: Disposition | undefined, comment?: string, ip = '') {
    return this.act(p, id, ip, 'closed', (a, at) => step.close(a, p.username, at, disposition, comment), {
      disposition,
      ...(comment && { commentChars: comment.length }),
    });
  }

  /**
   * Closes several alarms with one disposition, each exactly as a single close (rights, scope, journal entry and
   * publication per alarm), one after the other; an id unknown, out of scope or already closed is reported, not fatal.
   */
  async closeMany(p: Principal, ids: string[], disposition: Disposition, comment?: string, ip = '') {
    this.allow(p, 'alarms.handle');
    const out: BulkOutcome[] = [];
    for (const id of new Set(ids)) {
      try {
        out.push({ id, outcome: 'closed', alarm: await this.close(p, id, disposition, comment, ip) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const outcome = err.status === 404 ? 'not_found' : err.status === 409 ? 'already_closed' : 'refused';
        out.push({ id, outcome, message: err.message });
      }
    }
    return out;
  }
}
