import { type Kysely, sql } from 'kysely';
import type { AccessRequestFigures, PeriodFigures, PublicStatsQueries } from '../../../core/ports/public.js';
import type { Database } from './tables.js';

/** The public statistics' aggregates: a handful of grouped counts per period, on the indexed time columns. */
export class KyselyPublicStats implements PublicStatsQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async period(fromMs: number, toMs: number): Promise<PeriodFigures> {
    const fromIso = new Date(fromMs).toISOString();
    const toIso = new Date(toMs).toISOString();
    const kinds = await this.db
      .selectFrom('alarms')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('raised_at', '>=', fromMs)
      .where('raised_at', '<', toMs)
      .groupBy('kind')
      .execute();
    const disp = await this.db
      .selectFrom('alarms')
      .select(['disposition', (eb) => eb.fn.countAll<number>().as('n')])
      .where('raised_at', '>=', fromMs)
      .where('raised_at', '<', toMs)
      .where('disposition', 'is not', null)
      .groupBy('disposition')
      .execute();
    const dispositions = { confirmed: 0, false_alarm: 0, not_actionable: 0 };
    for (const r of disp)
      if (r.disposition && r.disposition in dispositions)
        dispositions[r.disposition as keyof typeof dispositions] = Number(r.n);
    const exports = await this.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'export.create')
      .where('at', '>=', fromIso)
      .where('at', '<', toIso)
      .executeTakeFirstOrThrow();
    const holds = await this.db
      .selectFrom('evidence_holds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .executeTakeFirstOrThrow();
    // Each offline situation clipped to the period: CASE rather than min()/least(), which the two dialects spell apart.
    const end = sql<number>`coalesce(situation_ended_at, ${toMs})`;
    const offline = await this.db
      .selectFrom('alarms')
      .select(
        sql<number>`coalesce(sum(
          (case when ${end} < ${toMs} then ${end} else ${toMs} end) -
          (case when raised_at > ${fromMs} then raised_at else ${fromMs} end)), 0)`.as('ms'),
      )
      .where('kind', '=', 'camera_offline')
      .where('raised_at', '<', toMs)
      .where(sql<boolean>`${end} > ${fromMs}`)
      .executeTakeFirstOrThrow();
    return {
      alarmsByKind: new Map(kinds.map((r) => [r.kind, Number(r.n)])),
      dispositions,
      exports: Number(exports.n),
      holds: Number(holds.n),
      offlineMs: Math.max(0, Number(offline.ms)),
    };
  }

  async accessRequests(fromDay: string, toDay: string): Promise<AccessRequestFigures> {
    const received = await this.db
      .selectFrom('access_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('received_on', '>=', fromDay)
      .where('received_on', '<', toDay)
      .executeTakeFirstOrThrow();
    const outcomes = await this.db
      .selectFrom('access_requests')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('outcome_on', '>=', fromDay)
      .where('outcome_on', '<', toDay)
      .groupBy('outcome')
      .execute();
    const n = (o: string) => Number(outcomes.find((r) => r.outcome === o)?.n ?? 0);
    return {
      received: Number(received.n),
      answered: n('answered') + n('partially_answered'),
      refused: n('refused'),
    };
  }
}
