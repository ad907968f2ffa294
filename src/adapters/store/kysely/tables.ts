import type { ColumnType, Generated } from 'kysely';

/** Row shapes shared by every SQL adapter: timestamps as ISO text, arrays and objects as JSON text (portable). */
export interface Database {
  sectors: { id: string; name: string; description: string | null; privacy: Generated<string> };
  cameras: {
    id: string;
    name: string;
    sector_id: string;
    lat: number | null;
    lon: number | null;
    address: string | null;
    main_url: string;
    sub_url: string | null;
    credentials_cipher: string | null;
    model: string | null;
    phase: string;
    installed_at: string | null;
    status: string;
    tags: string;
    retention_days: number | null;
    direction: number | null;
    field_of_view: number | null;
    privacy: Generated<string>;
    created_at: string;
    updated_at: string;
  };
  /** Camera health history (issue 24): one row per stretch of time a camera was offline, tampered or degraded. */
  health_intervals: {
    id: string;
    camera_id: string;
    state: string;
    detail: string | null;
    from_ms: number;
    to_ms: number | null;
  };
  reveals: {
    id: string;
    camera_id: string;
    user_id: string;
    actor: string;
    reason: string | null;
    alarm_id: string | null;
    from_ms: number;
    until_ms: number;
    ended_at_ms: number | null;
    how: string | null;
  };
  users: {
    id: string;
    username: string;
    role: string;
    sector_ids: string;
    password_hash: string;
    disabled: number;
    created_at: string;
    updated_at: string;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
    ip: string;
    user_agent: string;
  };
  api_tokens: {
    id: string;
    user_id: string;
    name: string;
    token_hash: string;
    created_at: string;
    expires_at: string | null;
    last_used_at: string | null;
    revoked: number;
  };
  audit_log: {
    seq: number;
    at: string;
    actor: string;
    action: string;
    target: string;
    ip: string;
    details: string;
    prev_hash: string;
    hash: string;
  };
  settings: { key: string; value: string };
  archived_cameras: {
    id: string;
    camera_id: string;
    name: string;
    sector_id: string;
    deleted_at_ms: number;
    privacy_masks: string;
    retention_days: number | null;
  };
  camera_analytics: { camera_id: string; config: string; enabled: number; updated_at: string };
  segments: {
    id: string;
    camera_id: string;
    start_ms: number;
    end_ms: number;
    path: string;
    bytes: number;
    codec: string;
    /** 1: cut short (full disk, crash), end_ms is what the file really holds. */
    partial: Generated<number>;
    /** The cluster node that indexed it (see Segment.node); null: embedded, or a node older than the column. */
    node: ColumnType<string | null, string | undefined, string | undefined>;
  };
  evidence_holds: {
    id: string;
    camera_id: string;
    from_ms: number;
    to_ms: number;
    reason: string;
    created_by: string;
    created_at: string;
    released_by: string | null;
    released_at: string | null;
  };
  events: {
    id: string;
    camera_id: string;
    kind: string;
    started_at: number;
    ended_at: number | null;
    score: number;
    zone_id: string | null;
    track_ids: string;
    box: string | null;
    snapshot: string | null;
    details: string;
    object_class: string | null;
    disposition: string | null;
    authorisation_id: string | null;
  };
  alarms: {
    id: string;
    kind: string;
    camera_id: string;
    zone_id: string | null;
    priority: string;
    base_priority: string;
    state: string;
    event_count: number;
    ongoing: number;
    raised_at: number;
    last_event_at: number;
    situation_ended_at: number | null;
    deadline_at: number;
    escalated_at: number | null;
    acknowledged_by: string | null;
    acknowledged_at: number | null;
    assignee_id: string | null;
    assignee: string | null;
    assigned_by: string | null;
    assigned_at: number | null;
    closed_by: string | null;
    closed_at: number | null;
    disposition: string | null;
    history: string;
    version: number;
    authorisation_id: string | null;
    updated_at: number;
  };
  alarm_events: { event_id: string; alarm_id: string; at: number };
  alarm_snoozes: {
    id: string;
    camera_id: string;
    kind: string;
    reason: string;
    created_by: string;
    created_at: number;
    until_at: number;
    ended_at: number | null;
    ended_by: string | null;
  };
  deliveries: {
    id: string;
    target_id: string;
    topic: string;
    body: string;
    created_at: number;
    attempts: number;
    next_at: number;
    state: string;
    last_error: string | null;
    delivered_at: number | null;
  };
  bookmarks: {
    id: string;
    camera_id: string;
    at_ms: number;
    end_ms: number | null;
    note: string;
    author_id: string;
    author: string;
    created_at: string;
  };
  _placeholder?: { id: Generated<number> };
  authorisations: {
    id: string;
    kind: string;
    authority: string;
    reference: string;
    signed_on: string;
    starts_on: string;
    ends_on: string;
    purposes: string;
    purpose_text: string;
    camera_ids: string;
    sector_ids: string;
    retention_days: number | null;
    families: string;
    publish_document: number;
    document: string | null;
    revoked_at: string | null;
    revoked_by: string | null;
    revoke_reason: string | null;
    created_at: string;
    created_by: string;
    updated_at: string;
  };
  camera_publication: {
    camera_id: string;
    published: number;
    reason: string | null;
    covers: string | null;
    updated_by: string;
    updated_at: string;
  };
  contracts: {
    id: string;
    vendor: string;
    object: string;
    amount_cents: number | null;
    currency: string;
    signed_on: string;
    duration_months: number | null;
    maintenance: string;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  access_requests: {
    id: string;
    reference: string;
    received_on: string;
    due_on: string;
    extension: string | null;
    camera_ids: string;
    from_at: string;
    to_at: string;
    description: string;
    state: string;
    outcome: string | null;
    outcome_on: string | null;
    outcome_reason: string | null;
    created_by: string;
    created_at: string;
    updated_at: string;
    history: string;
  };
}
