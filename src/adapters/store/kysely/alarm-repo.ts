import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type {
  Alarm,
  AlarmFilter,
  AlarmPriority,
  AlarmRepo,
  AlarmState,
  AlarmStatsRow,
  Disposition,
} from '../../../core/ports/alarms.js';
import type { EventKind } from '../../../core/ports/recordings.js';
import { KyselySnoozeRepo } from './snooze-repo.js';
import type { Database } from './tables.js';

/** Camera id of alarms about the whole centre (see ALL_CAMERAS in core/recordings/retention). */
const CENTRE_WIDE = '*';

type Row = Selectable<Database['alarms']>;
type Query<O> = SelectQueryBuilder<Database, 'alarms', O>;

const toRow = (a: Alarm): Row => ({
  id: a.id,
  kind: a.kind,
  camera_id: a.cameraId,
  zone_id: a.zoneId,
  priority: a.priority,
  base_priority: a.basePriority,
  state: a.state,
  event_count: a.eventCount,
  ongoing: a.ongoing,
  raised_at: a.raisedAt,
  last_event_at: a.lastEventAt,
  situation_ended_at: a.situationEndedAt,
  deadline_at: a.deadlineAt,
  escalated_at: a.escalatedAt,
  acknowledged_by: a.acknowledgedBy,
  acknowledged_at: a.acknowledgedAt,
  assignee_id: a.assigneeId,
  assignee: a.assignee,
  assigned_by: a.assignedBy,
  assigned_at: a.assignedAt,
  closed_by: a.closedBy,
  closed_at: a.closedAt,
  disposition: a.disposition,
  history: JSON.stringify(a.history),
  version: a.version,
  updated_at: a.updatedAt,
  authorisation_id: a.authorisationId,
});

// bigint columns may come back as strings or numbers depending on the driver.
const num = (v: number | null) => (v === null ? null : Number(v));

const fromRow = (r: Row & { sector_id: string | null }, eventIds: string[]): Alarm => ({
  id: r.id,
  kind: r.kind as EventKind,
  cameraId: r.camera_id,
  sectorId: r.sector_id ?? null,
  zoneId: r.zone_id,
  priority: r.priority as AlarmPriority,
  basePriority: r.base_priority as AlarmPriority,
  state: r.state as AlarmState,
  eventIds,
  eventCount: Number(r.event_count),
  ongoing: Number(r.ongoing),
  raisedAt: Number(r.raised_at),
  lastEventAt: Number(r.last_event_at),
  situationEndedAt: num(r.situation_ended_at),
  deadlineAt: Number(r.deadline_at),
  escalatedAt: num(r.escalated_at),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: num(r.acknowledged_at),
  assigneeId: r.assignee_id,
  assignee: r.assignee,
  assignedBy: r.assigned_by,
  assignedAt: num(r.assigned_at),
  closedBy: r.closed_by,
  closedAt: num(r.closed_at),
  disposition: r.disposition as Disposition | null,
  history: JSON.parse(r.history),
  version: Number(r.version),
  updatedAt: Number(r.updated_at),
  authorisationId: r.authorisation_id ?? null,
});

/** Alarms with their camera's current sector (scoping follows the camera, as for events). */
export class KyselyAlarmRepo implements AlarmRepo {
  readonly snoozes: KyselySnoozeRepo;

  constructor(private readonly db: Kysely<Database>) {
    this.snoozes = new KyselySnoozeRepo(db);
  }

  private view() {
    return this.db
      .selectFrom('alarms')
      .selectAll('alarms')
      .select((eb) =>
        eb
          .selectFrom('cameras')
          .select('cameras.sector_id')
          .whereRef('cameras.id', '=', 'alarms.camera_id')
          .as('sector_id'),
      );
  }

  /** undefined when the filter can match nothing (an empty scope). */
  private filtered<O>(q: Query<O>, f: Omit<AlarmFilter, 'limit' | 'offset'>): Query<O> | undefined {
    for (const list of [f.states, f.kinds, f.cameraIds, f.priorities]) if (list?.length === 0) return;
    if (f.sectorIds?.length === 0 && !f.centreWide) return;
    const inSectors = (ids: string[]) =>
      this.db
        .selectFrom('cameras')
        .select('cameras.id')
        .where('sector_id', 'in', ids.length ? ids : ['']);
    const scope = f.sectorIds;
    if (scope)
      q = q.where((eb) =>
        eb.or([
          eb('alarms.camera_id', 'in', inSectors(scope)),
          ...(f.centreWide ? [eb('alarms.camera_id', '=', CENTRE_WIDE)] : []),
        ]),
      );
    if (f.sectorId) q = q.where('alarms.camera_id', 'in', inSectors([f.sectorId]));
    if (f.states) q = q.where('alarms.state', 'in', f.states);
    if (f.kinds) q = q.where('alarms.kind', 'in', f.kinds);
    if (f.excludeKinds?.length) q = q.where('alarms.kind', 'not in', f.excludeKinds);
    if (f.cameraIds) q = q.where('alarms.camera_id', 'in', f.cameraIds);
    if (f.priorities) q = q.where('alarms.priority', 'in', f.priorities);
    if (f.fromMs !== undefined) q = q.where('alarms.raised_at', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('alarms.raised_at', '<', f.toMs);
    return q;
  }

  private async hydrate(rows: (Row & { sector_id: string | null })[]): Promise<Alarm[]> {
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('alarm_events')
      .select(['alarm_id', 'event_id'])
      .where(
        'alarm_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('at')
      .orderBy('event_id')
      .execute();
    const ids = new Map<string, string[]>();
    for (const l of links) ids.set(l.alarm_id, [...(ids.get(l.alarm_id) ?? []), l.event_id]);
    return rows.map((r) => fromRow(r, ids.get(r.id) ?? []));
  }

  async insert(a: Alarm) {
    await this.db.insertInto('alarms').values(toRow(a)).execute();
    for (const e of a.eventIds) await this.attachEvent(a.id, e, a.lastEventAt);
  }

  async update(a: Alarm, expectedVersion: number) {
    const { id, ...rest } = toRow(a);
    const r = await this.db
      .updateTable('alarms')
      .set(rest)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    const updated = Number(r.numUpdatedRows) === 1;
    // A closed alarm's disposition is copied onto its events, where event search filters on it (alarms never reopen).
    if (updated && a.disposition) {
      await this.db
        .updateTable('events')
        .set({ disposition: a.disposition })
        .where('id', 'in', (db) => db.selectFrom('alarm_events').select('event_id').where('alarm_id', '=', a.id))
        .where('disposition', 'is', null)
        .execute();
    }
    return updated;
  }

  async attachEvent(alarmId: string, eventId: string, atMs: number) {
    await this.db
      .insertInto('alarm_events')
      .values({ alarm_id: alarmId, event_id: eventId, at: atMs })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    const a = await this.db.selectFrom('alarms').select('disposition').where('id', '=', alarmId).executeTakeFirst();
    if (a?.disposition)
      await this.db.updateTable('events').set({ disposition: a.disposition }).where('id', '=', eventId).execute();
  }

  async get(id: string) {
    const r = await this.view().where('alarms.id', '=', id).executeTakeFirst();
    return r ? (await this.hydrate([r]))[0] : undefined;
  }

  async byEvent(eventId: string) {
    const link = await this.db
      .selectFrom('alarm_events')
      .select('alarm_id')
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return link ? this.get(link.alarm_id) : undefined;
  }

  async findOpen(key: { kind: EventKind; cameraId: string; zoneId: string | null }, sinceMs: number) {
    let q = this.view()
      .where('alarms.kind', '=', key.kind)
      .where('alarms.camera_id', '=', key.cameraId)
      .where('alarms.state', '!=', 'closed');
    q = key.zoneId === null ? q.where('alarms.zone_id', 'is', null) : q.where('alarms.zone_id', '=', key.zoneId);
    const r = await q
      .where((eb) =>
        eb.or([
          eb('alarms.ongoing', '>', 0),
          eb('alarms.last_event_at', '>=', sinceMs),
          eb('alarms.situation_ended_at', '>=', sinceMs),
        ]),
      )
      .orderBy('alarms.last_event_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? (await this.hydrate([r]))[0] : undefined;
  }

  async dueForEscalation(nowMs: number, limit: number) {
    const rows = await this.view()
      .where('alarms.state', '=', 'new')
      .where('alarms.escalated_at', 'is', null)
      .where('alarms.deadline_at', '<=', nowMs)
      .orderBy('alarms.deadline_at')
      .limit(limit)
      .execute();
    return this.hydrate(rows);
  }

  async list(f: AlarmFilter) {
    const q = this.filtered(this.view(), f);
    if (!q) return { items: [], total: 0 };
    const rows = await q
      .orderBy('alarms.raised_at', 'desc')
      .orderBy('alarms.id', 'desc')
      .limit(f.limit ?? 100)
      .offset(f.offset ?? 0)
      .execute();
    const counted = this.filtered(this.db.selectFrom('alarms'), f)!;
    const n = await counted.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { items: await this.hydrate(rows), total: Number(n.n) };
  }

  async stats(f: Omit<AlarmFilter, 'limit' | 'offset'>): Promise<AlarmStatsRow[]> {
    const q = this.filtered(this.db.selectFrom('alarms'), f);
    if (!q) return [];
    const rows = await q
      .select(['alarms.kind', 'alarms.camera_id', 'alarms.state', 'alarms.disposition'])
      .select((eb) => eb.fn.countAll().as('n'))
      .groupBy(['alarms.kind', 'alarms.camera_id', 'alarms.state', 'alarms.disposition'])
      .execute();
    return rows.map((r) => ({
      kind: r.kind as EventKind,
      cameraId: r.camera_id,
      state: r.state as AlarmState,
      disposition: r.disposition as Disposition | null,
      count: Number(r.n),
    }));
  }
}
