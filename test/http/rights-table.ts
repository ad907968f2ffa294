// The rights table: who may call what. One row per method and path of the server (the OpenAPI document's routes plus
// the hidden ones: WebSockets, console, metrics). test/http/route-matrix.test.ts fails on a route without a row or a
// row without a route, then calls every route as every role, in and out of the caller's sector.
//
// Columns: admin, supervisor, operator, auditor, anonymous. `A`: allowed (2xx, or 101 for a WebSocket); a number:
// that refusal. Supervisors and operators are scoped to their sectors; admins and auditors see the whole fleet.
// `scope`: what the route's id names; a scoped role calling it with an id of another sector gets 403 or 404, never
// data (admins and auditors get their in-sector answer).

export const ROLES = ['admin', 'supervisor', 'operator', 'auditor', 'anonymous'] as const;
export type RoleName = (typeof ROLES)[number];
export type Outcome = 'A' | 401 | 403 | 404;
export type Scope = 'camera' | 'sector' | 'alarm' | 'event' | 'hold' | 'export' | 'snooze' | 'bookmark';

export interface Right {
  expect: Record<RoleName, Outcome>;
  scope?: Scope;
  /** A WebSocket: allowed means the upgrade happens. */
  ws?: boolean;
  /** Why a cell is not what the role's permissions alone suggest. */
  note?: string;
}

function row(cells: string, scope?: Scope, extra: Omit<Right, 'expect' | 'scope'> = {}): Right {
  const parts = cells.split(/\s+/);
  if (parts.length !== ROLES.length) throw new Error(`rights row "${cells}" needs ${ROLES.length} cells`);
  const expect = Object.fromEntries(
    ROLES.map((r, i) => [r, parts[i] === 'A' ? 'A' : (Number(parts[i]) as Outcome)]),
  ) as Record<RoleName, Outcome>;
  return { expect, ...(scope && { scope }), ...extra };
}

//                          admin sup  op   aud  anon
const EVERYONE = /*       */ 'A    A    A    A    A';
const LOGGED_IN = /*      */ 'A    A    A    A    401';
const ADMIN = /*          */ 'A    403  403  403  401';
const WATCHERS = /*       */ 'A    A    A    403  401'; // recordings.view, alarms.handle
const EXPORTERS = /*      */ 'A    A    403  403  401'; // recordings.export, holds.manage
const HOLD_READERS = /*   */ 'A    A    403  A    401';
const JOURNAL = /*        */ 'A    403  403  A    401';
const TOKEN_OWNERS = /*   */ 'A    A    403  A    401';
const LEGAL_READERS = /*  */ 'A    A    403  A    401'; // legal.read: the register is read by who answers for it

export const RIGHTS: Record<string, Right> = {
  'POST /api/auth/login': row(EVERYONE),
  'POST /api/auth/logout': row(LOGGED_IN),
  'GET /api/me': row(LOGGED_IN),
  'GET /api/me/preferences': row(LOGGED_IN),
  'PUT /api/me/preferences': row(LOGGED_IN),
  'POST /api/setup': row('403 403 403 403 403', undefined, { note: 'closed once a user exists' }),
  'POST /api/auth/totp': row(EXPORTERS, undefined, { note: 'one-time codes are for admins and supervisors' }),
  'POST /api/auth/totp/confirm': row(EXPORTERS, undefined, { note: 'one-time codes are for admins and supervisors' }),
  'GET /api/tokens': row(TOKEN_OWNERS),
  'POST /api/tokens': row(TOKEN_OWNERS),
  'DELETE /api/tokens/{id}': row('A A 404 A 401', undefined, {
    note: 'each revokes a token of their own; operators hold none, so theirs is another user’s: 404',
  }),

  'GET /api/cameras': row(LOGGED_IN),
  'POST /api/cameras': row(ADMIN),
  'GET /api/cameras/export': row(LOGGED_IN),
  'POST /api/cameras/import': row(ADMIN),
  'GET /api/cameras/{id}': row(LOGGED_IN, 'camera'),
  'PATCH /api/cameras/{id}': row(ADMIN, 'camera'),
  'DELETE /api/cameras/{id}': row(ADMIN, 'camera'),
  'GET /api/cameras/{id}/health': row(LOGGED_IN, 'camera'),
  'GET /api/streams/health': row(LOGGED_IN),
  'GET /api/fleet-health/availability': row(LOGGED_IN, undefined, { note: 'scoped roles: their sectors only' }),
  'GET /api/fleet-health/outages': row(LOGGED_IN, undefined, { note: 'scoped roles: their sectors only' }),
  'GET /api/cameras/{id}/health-history': row(LOGGED_IN, 'camera'),
  'GET /api/cameras/{id}/analytics': row(LOGGED_IN, 'camera'),
  'PUT /api/cameras/{id}/analytics': row(ADMIN, 'camera'),
  'GET /api/cameras/{id}/analytics/health': row(LOGGED_IN, 'camera'),
  'GET /api/analytics/health': row(LOGGED_IN),
  'GET /api/analytics/schema': row(LOGGED_IN),

  'GET /api/sectors': row(LOGGED_IN),
  'POST /api/sectors': row(ADMIN),
  'GET /api/sectors/{id}': row(LOGGED_IN, 'sector'),
  'PATCH /api/sectors/{id}': row(ADMIN, 'sector'),
  'DELETE /api/sectors/{id}': row(ADMIN, 'sector'),

  'GET /api/users': row(ADMIN),
  'POST /api/users': row(ADMIN),
  'PATCH /api/users/{id}': row(ADMIN, undefined, { note: 'another user; changing one’s own password is auth’s test' }),
  'DELETE /api/users/{id}': row(ADMIN),

  'GET /api/authorisations': row(LEGAL_READERS),
  'POST /api/authorisations': row(ADMIN),
  'GET /api/authorisations/{id}': row(LEGAL_READERS),
  'PUT /api/authorisations/{id}': row(ADMIN),
  'POST /api/authorisations/{id}/revoke': row(ADMIN),
  'PUT /api/authorisations/{id}/document': row(ADMIN),
  'GET /api/authorisations/{id}/document': row(LEGAL_READERS),

  'GET /api/access-requests': row(LEGAL_READERS),
  'POST /api/access-requests': row(EXPORTERS),
  'GET /api/access-requests/{id}': row(LEGAL_READERS),
  'POST /api/access-requests/{id}/steps': row(EXPORTERS),
  'GET /api/access-requests/{id}/tracks': row(EXPORTERS),
  'GET /api/access-requests/{id}/picks': row(LEGAL_READERS),
  'POST /api/access-requests/{id}/picks': row(EXPORTERS),
  'PUT /api/access-requests/{id}/picks/{pickId}/segments': row(EXPORTERS),
  'POST /api/access-requests/{id}/copies': row(EXPORTERS),
  'GET /api/access-requests/{id}/copies': row(LEGAL_READERS),
  'GET /api/access-requests/{id}/copies/{copyId}': row(LEGAL_READERS),
  'GET /api/access-requests/{id}/copies/{copyId}/file.mp4': row(EXPORTERS),

  'GET /api/audit': row(JOURNAL),
  'GET /api/audit/verify': row(JOURNAL),
  'GET /api/audit/anchors': row(JOURNAL),
  'GET /api/register/processing': row(JOURNAL),

  'GET /api/events': row(LOGGED_IN),
  'GET /api/events/{id}': row(LOGGED_IN, 'event'),
  'GET /api/events/{id}/snapshot.jpg': row(WATCHERS, 'event'),

  'GET /api/cameras/{id}/recordings': row(WATCHERS, 'camera'),
  'GET /api/cameras/{id}/playback.mp4': row(WATCHERS, 'camera'),
  'POST /api/cameras/{id}/exports': row(EXPORTERS, 'camera'),
  'GET /api/exports/{exportId}': row(EXPORTERS, 'export'),
  'GET /api/exports/{exportId}.mp4': row(EXPORTERS, 'export'),
  'GET /api/cameras/{id}/holds': row(HOLD_READERS, 'camera'),
  'POST /api/cameras/{id}/holds': row(EXPORTERS, 'camera'),
  'GET /api/holds/{holdId}': row(HOLD_READERS, 'hold'),
  'POST /api/holds/{holdId}/release': row(EXPORTERS, 'hold'),
  'GET /api/cameras/{id}/thumbnail': row(WATCHERS, 'camera'),
  'POST /api/bookmarks': row(WATCHERS, 'camera', { note: 'the camera is in the body' }),
  'GET /api/bookmarks': row(WATCHERS),
  'DELETE /api/bookmarks/{id}': row(WATCHERS, 'bookmark', { note: 'each role deletes its own bookmark' }),

  'GET /api/alarms': row(LOGGED_IN),
  'GET /api/alarms/stats': row(LOGGED_IN),
  'GET /api/alarms/{id}': row(LOGGED_IN, 'alarm'),
  'POST /api/alarms/{id}/acknowledge': row(WATCHERS, 'alarm'),
  'POST /api/alarms/{id}/assign': row(WATCHERS, 'alarm', { note: 'to oneself; handing to others is alarm-api’s test' }),
  'POST /api/alarms/{id}/comment': row(WATCHERS, 'alarm'),
  'POST /api/alarms/{id}/close': row(WATCHERS, 'alarm'),
  'POST /api/alarms/close': row(WATCHERS, undefined, { note: 'ids out of sector are reported not_found per id' }),
  'GET /api/alarms/snoozes': row(LOGGED_IN),
  'POST /api/alarms/snoozes': row(WATCHERS, 'camera'),
  'DELETE /api/alarms/snoozes/{id}': row(WATCHERS, 'snooze'),

  // Reveals (issue 21): who watches live may see a blurred camera clear, saying why; the report is read by who
  // answers for it (supervisors for their sectors' cameras).
  'POST /api/live/{id}/reveal': row(WATCHERS, 'camera'),
  'DELETE /api/live/{id}/reveal': row(WATCHERS, 'camera'),
  'GET /api/reveals': row(HOLD_READERS),

  // Hidden from the document.
  'GET /api/live/{id}': row(WATCHERS, 'camera', { ws: true }),
  'GET /api/alarms/stream': row(LOGGED_IN, undefined, { ws: true }),
  'GET /api/health': row(EVERYONE),
  'GET /api/openapi.json': row(EVERYONE),

  'GET /api/publication/cameras': row(ADMIN),
  'PUT /api/publication/cameras/{id}': row(ADMIN),
  'GET /api/contracts': row(ADMIN),
  'POST /api/contracts': row(ADMIN),
  'PUT /api/contracts/{id}': row(ADMIN),
  'DELETE /api/contracts/{id}': row(ADMIN),
  // The public register (law.md L9): no login; the fixtures withhold the other sector's camera, so that what a
  // scoped caller reads here holds nothing of it either.
  'GET /public/register.json': row(EVERYONE),
  'GET /public/cameras.geojson': row(EVERYONE),
  'GET /public/cameras.csv': row(EVERYONE),
  'GET /public/statistics.json': row(EVERYONE),
  'GET /public/algorithms.json': row(EVERYONE),
  'GET /public/contracts.json': row(EVERYONE),
  'GET /public/schema/{name}': row(EVERYONE),
  'GET /public/documents/{file}': row(EVERYONE),
  'GET /metrics': row(EVERYONE),
  'GET /': row(EVERYONE),
  'GET /console/settings.json': row(EVERYONE),
  'GET /console/{file}': row(EVERYONE),
  'GET /console/words/{file}': row(EVERYONE),
  'GET /public/': row(EVERYONE),
  'GET /public/assets/{file}': row(EVERYONE),
};
