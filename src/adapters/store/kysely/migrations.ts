import { type Kysely, type Migration, Migrator, sql } from 'kysely';

/** Schema written with Kysely's builder only, so SQLite and PostgreSQL share one migration list. */
const migrations: Record<string, Migration> = {
  '001_foundation': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sectors')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text')
        .execute();
      await db.schema
        .createTable('cameras')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('sector_id', 'varchar(64)', (c) => c.notNull().references('sectors.id'))
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('address', 'varchar(300)')
        .addColumn('main_url', 'text', (c) => c.notNull())
        .addColumn('sub_url', 'text')
        .addColumn('credentials_cipher', 'text')
        .addColumn('model', 'varchar(200)')
        .addColumn('phase', 'varchar(32)', (c) => c.notNull())
        .addColumn('installed_at', 'varchar(10)')
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cameras_sector').on('cameras').column('sector_id').execute();
      await db.schema.createIndex('cameras_status').on('cameras').column('status').execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('sector_ids', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ip', 'varchar(64)', (c) => c.notNull())
        .addColumn('user_agent', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)')
        .addColumn('last_used_at', 'varchar(32)')
        .addColumn('revoked', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor', 'varchar(200)', (c) => c.notNull())
        .addColumn('action', 'varchar(100)', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('ip', 'varchar(64)', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor', 'seq']).execute();
      await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'seq']).execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await sql`select 1`.execute(db);
    },
  },
  '002_media': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('cameras').addColumn('retention_days', 'integer').execute();
      await db.schema
        .createTable('segments')
        .addColumn('id', 'varchar(120)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('codec', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('segments_camera_start').on('segments').columns(['camera_id', 'start_ms']).execute();
      await db.schema.createIndex('segments_start').on('segments').column('start_ms').execute();
      await db.schema
        .createTable('evidence_holds')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('released_by', 'varchar(200)')
        .addColumn('released_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('holds_camera').on('evidence_holds').columns(['camera_id', 'from_ms']).execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('zone_id', 'varchar(64)')
        .addColumn('track_ids', 'text', (c) => c.notNull())
        .addColumn('box', 'text')
        .addColumn('snapshot', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_camera_time').on('events').columns(['camera_id', 'started_at']).execute();
      await db.schema.createIndex('events_kind_time').on('events').columns(['kind', 'started_at']).execute();
      await db.schema.createIndex('events_time').on('events').column('started_at').execute();
    },
  },
  '003_analytics': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('camera_analytics')
        .addColumn('camera_id', 'varchar(64)', (c) => c.primaryKey().references('cameras.id').onDelete('cascade'))
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '004_alarms': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('alarms')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull()) // no foreign key: alarms outlive their camera
        .addColumn('zone_id', 'varchar(64)')
        .addColumn('priority', 'varchar(16)', (c) => c.notNull())
        .addColumn('base_priority', 'varchar(16)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('event_count', 'integer', (c) => c.notNull())
        .addColumn('ongoing', 'integer', (c) => c.notNull())
        .addColumn('raised_at', 'bigint', (c) => c.notNull())
        .addColumn('last_event_at', 'bigint', (c) => c.notNull())
        .addColumn('situation_ended_at', 'bigint')
        .addColumn('deadline_at', 'bigint', (c) => c.notNull())
        .addColumn('escalated_at', 'bigint')
        .addColumn('acknowledged_by', 'varchar(200)')
        .addColumn('acknowledged_at', 'bigint')
        .addColumn('assignee_id', 'varchar(64)')
        .addColumn('assignee', 'varchar(200)')
        .addColumn('assigned_by', 'varchar(200)')
        .addColumn('assigned_at', 'bigint')
        .addColumn('closed_by', 'varchar(200)')
        .addColumn('closed_at', 'bigint')
        .addColumn('disposition', 'varchar(32)')
        .addColumn('history', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alarms_raised').on('alarms').column('raised_at').execute();
      await db.schema.createIndex('alarms_camera').on('alarms').columns(['camera_id', 'raised_at']).execute();
      await db.schema.createIndex('alarms_open_key').on('alarms').columns(['kind', 'camera_id', 'state']).execute();
      await db.schema.createIndex('alarms_due').on('alarms').columns(['state', 'deadline_at']).execute();
      await db.schema
        .createTable('alarm_events')
        .addColumn('event_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('alarm_id', 'varchar(64)', (c) => c.notNull().references('alarms.id').onDelete('cascade'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alarm_events_alarm').on('alarm_events').columns(['alarm_id', 'at']).execute();
    },
  },
  '005_deliveries': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('topic', 'varchar(128)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['state', 'next_at']).execute();
    },
  },
  '006_event_class': {
    async up(db: Kysely<any>) {
      // The object class an event concerns (person, car…), searchable: never who, only what.
      await db.schema.alterTable('events').addColumn('object_class', 'varchar(32)').execute();
      await db.schema.createIndex('events_class_time').on('events').columns(['object_class', 'started_at']).execute();
    },
  },
  '007_event_disposition': {
    async up(db: Kysely<any>) {
      // How the event's alarm was closed, copied onto the event: "false alarms of last month" is an index range.
      await db.schema.alterTable('events').addColumn('disposition', 'varchar(16)').execute();
      await db.schema
        .createIndex('events_disposition_time')
        .on('events')
        .columns(['disposition', 'started_at'])
        .execute();
      await sql`UPDATE events SET disposition = (SELECT a.disposition FROM alarm_events ae JOIN alarms a ON a.id = ae.alarm_id WHERE ae.event_id = events.id) WHERE id IN (SELECT event_id FROM alarm_events)`.execute(
        db,
      );
    },
  },
  '008_media_segment_partial': {
    async up(db: Kysely<any>) {
      // A segment cut short (full disk, crash): indexed with the media time it really holds, and flagged.
      await db.schema
        .alterTable('segments')
        .addColumn('partial', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '009_audit_archived_cameras': {
    async up(db: Kysely<any>) {
      // A deleted camera's history moves under an archive id: a camera later created with the same id starts empty.
      await db.schema
        .createTable('archived_cameras')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sector_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('deleted_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('privacy_masks', 'text', (c) => c.notNull())
        .addColumn('retention_days', 'integer')
        .execute();
      await db.schema
        .createIndex('archived_cameras_camera')
        .on('archived_cameras')
        .columns(['camera_id', 'deleted_at_ms'])
        .execute();
    },
  },
  '010_alarm_snoozes': {
    async up(db: Kysely<any>) {
      // A camera's kind silenced for a while (the events stay stored; no alarm is raised). No foreign key to the
      // camera: the journal and the row outlive it, as alarms do.
      await db.schema
        .createTable('alarm_snoozes')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('until_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('ended_by', 'varchar(200)')
        .execute();
      await db.schema
        .createIndex('alarm_snoozes_key')
        .on('alarm_snoozes')
        .columns(['camera_id', 'kind', 'until_at'])
        .execute();
      await db.schema.createIndex('alarm_snoozes_until').on('alarm_snoozes').column('until_at').execute();
    },
  },
  '011_bookmarks': {
    async up(db: Kysely<any>) {
      // Operators' notes on moments of a camera's recording (issue 19), searched by camera and time.
      await db.schema
        .createTable('bookmarks')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint')
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('author_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('author', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bookmarks_camera_time').on('bookmarks').columns(['camera_id', 'at_ms']).execute();
    },
  },
  '012_camera_direction': {
    async up(db: Kysely<any>) {
      // Where a camera looks and how wide (degrees), both optional: the map draws its view cone.
      await db.schema.alterTable('cameras').addColumn('direction', 'integer').execute();
      await db.schema.alterTable('cameras').addColumn('field_of_view', 'integer').execute();
    },
  },
  '013_legal_register': {
    async up(db: Kysely<any>) {
      // The legal-basis register (issue 20, law.md L4): lists and perimeters as JSON text, days as YYYY-MM-DD.
      await db.schema
        .createTable('authorisations')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('authority', 'varchar(200)', (c) => c.notNull())
        .addColumn('reference', 'varchar(200)', (c) => c.notNull())
        .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('purposes', 'text', (c) => c.notNull())
        .addColumn('purpose_text', 'text', (c) => c.notNull())
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('sector_ids', 'text', (c) => c.notNull())
        .addColumn('retention_days', 'integer')
        .addColumn('families', 'text', (c) => c.notNull())
        .addColumn('publish_document', 'integer', (c) => c.notNull())
        .addColumn('document', 'text')
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('revoked_by', 'varchar(200)')
        .addColumn('revoke_reason', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // Under which authorisation each event and alarm was produced (null: none covered it).
      await db.schema.alterTable('events').addColumn('authorisation_id', 'varchar(64)').execute();
      await db.schema.alterTable('alarms').addColumn('authorisation_id', 'varchar(64)').execute();
      // What the public register shows of each camera: published or withheld (with why), described in words.
      await db.schema
        .createTable('camera_publication')
        .addColumn('camera_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('covers', 'text')
        .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      // The system's contracts, published (what Valenciennes only gave out under a legal request).
      await db.schema
        .createTable('contracts')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('vendor', 'varchar(200)', (c) => c.notNull())
        .addColumn('object', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'bigint')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('duration_months', 'integer')
        .addColumn('maintenance', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '016_public_register': {
    async up(db: Kysely<any>) {
      // The public statistics count alarms per month by kind and disposition, and sum offline situations: covering
      // indexes answer both from the index alone (a cold month of a large centre took seconds reading table rows).
      await db.schema
        .createIndex('alarms_public_stats')
        .on('alarms')
        .columns(['raised_at', 'kind', 'disposition'])
        .execute();
      await db.schema
        .createIndex('alarms_kind_raised')
        .on('alarms')
        .columns(['kind', 'raised_at', 'situation_ended_at'])
        .execute();
    },
  },
  '017_access_requests': {
    async up(db: Kysely<any>) {
      // Right-of-access requests (issue 21, law.md L7): the requester's reference only, days as YYYY-MM-DD, the
      // cameras, the extension and the steps as JSON text. The public statistics count by received_on and
      // outcome_on (the local day of the answer or refusal), which the index answers.
      await db.schema
        .createTable('access_requests')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('reference', 'varchar(200)', (c) => c.notNull())
        .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('extension', 'text')
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('from_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('to_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'varchar(32)', (c) => c.notNull())
        .addColumn('outcome', 'varchar(32)')
        .addColumn('outcome_on', 'varchar(10)')
        .addColumn('outcome_reason', 'text')
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('history', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('access_requests_received').on('access_requests').column('received_on').execute();
      await db.schema.createIndex('access_requests_outcome').on('access_requests').column('outcome_on').execute();
    },
  },
  '018_live_privacy': {
    async up(db: Kysely<any>) {
      // People blurred on the wall (issue 21): a camera or sector may override the centre's live.privacy.
      await db.schema
        .alterTable('cameras')
        .addColumn('privacy', 'varchar(16)', (c) => c.notNull().defaultTo('inherit'))
        .execute();
      await db.schema
        .alterTable('sectors')
        .addColumn('privacy', 'varchar(16)', (c) => c.notNull().defaultTo('inherit'))
        .execute();
      // Who saw a blurred camera clear, why, and until when; ended_at_ms null while in force (a restart ends the
      // expired ones). Times as epoch milliseconds: the expiry timer and the report compare them.
      await db.schema
        .createTable('reveals')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('actor', 'varchar(200)', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('alarm_id', 'varchar(64)')
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('until_ms', 'bigint', (c) => c.notNull())
        .addColumn('ended_at_ms', 'bigint')
        .addColumn('how', 'varchar(16)')
        .execute();
      await db.schema.createIndex('reveals_from').on('reveals').column('from_ms').execute();
      await db.schema
        .createIndex('reveals_open')
        .on('reveals')
        .columns(['ended_at_ms', 'user_id', 'camera_id'])
        .execute();
    },
  },
  '019_segment_node': {
    async up(db: Kysely<any>) {
      // Which cluster node recorded each segment (issue 23). Nullable: a node of the version before it (rolling
      // upgrade) goes on inserting segments without it, and the embedded centre leaves it empty.
      await db.schema.alterTable('segments').addColumn('node', 'varchar(64)').execute();
    },
  },
  '020_health_intervals': {
    async up(db: Kysely<any>) {
      // Camera health history (issue 24), additive. Times as epoch ms (bigint): the availability report clips and
      // sums them. to_ms null while the interval lasts; the (to_ms, camera_id) index finds the open ones, the
      // (camera_id, from_ms) one a camera's history, and (from_ms) a period's for the whole fleet.
      await db.schema
        .createTable('health_intervals')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint')
        .execute();
      await db.schema
        .createIndex('health_intervals_open')
        .on('health_intervals')
        .columns(['to_ms', 'camera_id'])
        .execute();
      await db.schema
        .createIndex('health_intervals_camera')
        .on('health_intervals')
        .columns(['camera_id', 'from_ms'])
        .execute();
      await db.schema.createIndex('health_intervals_from').on('health_intervals').column('from_ms').execute();
    },
  },
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

/** Names in the migration table; none before the first migration ever ran. */
async function executedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await db.selectFrom('kysely_migration').select('name').execute();
  return rows.map((r) => String(r.name));
}

/**
 * Brings the schema to this version's latest, once whichever node starts first: Kysely's migrator holds a lock
 * (a PostgreSQL advisory lock; SQLite has one writer), so nodes starting together migrate once. In a rolling
 * upgrade, version N meets a schema that version N+1 already migrated: it goes on, as long as every migration it
 * knows ran — migrations are additive within a release (docs/operations.md, "Cluster"), so N+1's columns are
 * ones that N never names. `extra` are migrations beyond this version's (a test's version N+1).
 */
export async function migrateToLatest(
  db: Kysely<any>,
  extra: Record<string, Migration> = {},
): Promise<{ newer: string[] }> {
  const all = { ...migrations, ...extra };
  const newerThanUs = async () => {
    const executed = await executedMigrations(db);
    const newer = executed.filter((n) => !(n in all));
    if (!newer.length) return undefined;
    const missing = Object.keys(all).filter((n) => !executed.includes(n));
    if (missing.length)
      throw new Error(
        `the database was migrated by a newer Vigie (${newer.join(', ')}) but lacks ${missing.join(', ')}: upgrade this node`,
      );
    return newer;
  };
  const before = await newerThanUs();
  if (before) return { newer: before };
  const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => all } }).migrateToLatest();
  // A newer node may have migrated between the check and the lock: then the migrator sees names it does not know.
  if (error && /previously executed migration .* is missing/.test(String(error))) {
    const after = await newerThanUs();
    if (after) return { newer: after };
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  return { newer: [] };
}
