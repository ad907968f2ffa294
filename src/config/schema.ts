import { z } from 'zod';
import { LEGAL_RETENTION_CAP_DAYS } from '../core/shared/law.js';
import { checkRole, clusterSchema, roleSchema } from './cluster-schema.js';
import { healthSchema } from './health-schema.js';

export { LEGAL_RETENTION_CAP_DAYS };

const http = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Address the HTTP API and console listen on.'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('TCP port of the HTTP API and console (0 = any free port).'),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('Largest JSON request body accepted; larger bodies get 413.'),
    importLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(16 * 1024 * 1024)
      .describe('Largest CSV/GeoJSON fleet import accepted.'),
    trustProxy: z
      .boolean()
      .default(false)
      .describe(
        'Trust X-Forwarded-For (client address: journal, login limits) and X-Forwarded-Host from a reverse proxy. The browser Origin of state-changing requests must match the Host (or, with this on, the forwarded host): a proxy passes one of them through.',
      ),
    secureCookies: z
      .boolean()
      .default(true)
      .describe(
        'Mark session cookies Secure (sent over HTTPS only). On by default; set false only when the console is served over plain HTTP to other machines (browsers treat http://localhost and http://127.0.0.1 as secure, so local use works either way).',
      ),
    mapTileUrl: z
      .string()
      .regex(/^https?:\/\/[^/\s]+\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) URL template with {z}, {x} and {y}')
      .optional()
      .describe(
        "A tile server for the console's map (e.g. the city's own, https://tiles.example/{z}/{x}/{y}.png); without one the map shows the centre's own outlines.",
      ),
    mapAttribution: z.string().max(200).optional().describe('Credit line shown under the map when tiles are used.'),
  })
  .describe('HTTP server and console.');

const database = z
  .strictObject({
    url: z
      .string()
      .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
      .optional()
      .describe('Database URL: sqlite:<path> (embedded, default <dataDir>/vigie.db) or postgres://user@host/db.'),
  })
  .describe('Store for the fleet, users, journal and indexes.');

const retention = z
  .strictObject({
    days: z
      .number()
      .int()
      .min(1)
      .max(
        LEGAL_RETENTION_CAP_DAYS,
        `the law caps retention of recordings at ${LEGAL_RETENTION_CAP_DAYS} days (CSI L252-5)`,
      )
      .default(LEGAL_RETENTION_CAP_DAYS)
      .describe('Default number of days recordings are kept (legal cap 30; evidence holds excepted).'),
  })
  .describe('Recording retention.');

const recordings = z
  .strictObject({
    dir: z.string().min(1).optional().describe('Root of the recorded segments; default <dataDir>/recordings.'),
    segmentSeconds: z
      .number()
      .int()
      .min(2)
      .max(60)
      .default(10)
      .describe('Target length of a recorded segment (cut on keyframes).'),
    maxBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .optional()
      .describe('Disk budget of the recordings in bytes; default: the size of the volume holding them.'),
    highWaterPercent: z
      .number()
      .min(1)
      .max(99)
      .default(90)
      .describe('When recordings (or the volume) pass this share of the budget, the oldest segments are deleted.'),
    lowWaterPercent: z
      .number()
      .min(1)
      .max(98)
      .default(85)
      .describe('Deletion stops once usage is back under this share.'),
    retentionCheckSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe('How often a full retention pass runs (the disk budget is also checked as each segment closes).'),
    minFreePercent: z
      .number()
      .min(0)
      .max(50)
      .default(5)
      .describe(
        "Free-space floor of the recordings volume: below it the oldest unheld footage goes at once, whatever the budget, so the volume never fills (the store's writes need room).",
      ),
    holdsMaxPercent: z
      .number()
      .min(1)
      .max(90)
      .default(20)
      .describe(
        'Evidence holds may keep at most this share of the recordings budget; a hold past it is refused (409), so holds can never stop recording.',
      ),
    storeReserveBytes: z
      .number()
      .int()
      .min(0)
      .max(1024 ** 3)
      .default(16 * 1024 * 1024)
      .describe(
        'Ballast file kept in the data directory and released when the volume falls under its free-space floor, so logins, hold releases and the journal can still write (0: none).',
      ),
  })
  .refine((r) => r.lowWaterPercent < r.highWaterPercent, {
    message: 'lowWaterPercent must be below highWaterPercent',
    path: ['lowWaterPercent'],
  })
  .describe('Recording by stream copy, and the disk budget.');

const exportsSection = z
  .strictObject({
    maxBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .optional()
      .describe(
        'Disk budget of the exports; default 10 % of the volume holding them. Reserved out of the recordings budget when both share a volume, so exports never cost recorded footage; an export past it is refused (507).',
      ),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(LEGAL_RETENTION_CAP_DAYS, `exports are copies of recordings: at most ${LEGAL_RETENTION_CAP_DAYS} days`)
      .default(LEGAL_RETENTION_CAP_DAYS)
      .describe(
        'Days an export file is kept after it was made (the manifest stays); it goes earlier when its footage passes its retention; a hold over its footage keeps it.',
      ),
  })
  .describe('Exported clips: their own budget and retention.');

const ingest = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Record and relay the fleet's active cameras (false: registry only)."),
    stallSeconds: z.number().min(1).max(120).default(6).describe('A stream with no packet for this long is restarted.'),
    backoffInitialMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(500)
      .describe('Reconnection delay during the first quickRetrySeconds of an outage (and the first step after).'),
    backoffMaxMs: z
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(30_000)
      .describe('Longest reconnection delay (exponential backoff once an outage outlasts quickRetrySeconds).'),
    quickRetrySeconds: z
      .number()
      .min(0)
      .max(3600)
      .default(30)
      .describe(
        'An outage is retried every backoffInitialMs for this long (a camera back from a short drop records again within ~2 s), then with exponential backoff; a stream that delivered media starts a new outage.',
      ),
    staggerMs: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .default(150)
      .describe('Delay between camera connections at start (avoids a burst).'),
    ffmpegPath: z.string().min(1).default('ffmpeg').describe('ffmpeg binary.'),
    onlyTag: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "Record only active cameras carrying this tag (a pilot, or the demo's simulated cameras); default: all active cameras.",
      ),
  })
  .describe('Camera ingest supervisor.');

const analytics = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Run the analytics of cameras that have them enabled (false: none at all).'),
    workers: z.number().int().min(1).max(64).optional().describe('Analysis worker threads; default: one per core.'),
    safetyPassSeconds: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe(
        'Changes to cameras and their analytics apply at once (pushed); this slower pass re-reads everything anyway.',
      ),
    modelCacheDir: z
      .string()
      .optional()
      .describe(
        'Where detector models converted from the npm-shipped weights are kept (made once per size and precision); ' +
          'default: $VIGIE_MODEL_CACHE, else <dataDir>/models.',
      ),
  })
  .describe('Video analytics (attention signals only; never identification).');

const legal = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .default('Europe/Paris')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-CA', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Europe/Paris')
      .describe('Time zone of the authorisations’ dates: one is in force from its first to its last local day.'),
    checkSeconds: z
      .number()
      .int()
      .min(5)
      .max(60)
      .default(30)
      .describe('How often the register checks for ended authorisations (their analytics stop within this).'),
    warnDays: z
      .array(z.number().int().min(1).max(365))
      .max(5)
      .default([30, 7, 1])
      .describe('Days before an authorisation ends when supervisors are warned.'),
    documentMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(20 * 1024 * 1024)
      .describe('Largest authorisation document (PDF) accepted.'),
  })
  .describe('The legal-basis register (authorisations of cameras and analytics).');

const publicRegister = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve the public transparency register under /public (no login).'),
    minCount: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(5)
      .describe('Counts below this are published as "< N" (and shares computed from them withheld).'),
    rebuildSeconds: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(600)
      .describe('The register is rebuilt in the background at least this often (and soon after any change).'),
    rateLimitPerMinute: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(120)
      .describe('Requests to /public per client address and minute; the next get 429 with Retry-After.'),
    cityName: z.string().trim().max(200).optional().describe('The city (or body) publishing the register.'),
    contactEmail: z.email().optional().describe('Where the public may write about the system (e.g. the DPO).'),
    contactUrl: z.url().optional().describe('A page about the system or how to exercise one’s rights.'),
  })
  .describe('The public transparency register (law.md L9): what is filmed, where, why, under which authorisation.');

const seconds = (d: number, what: string) =>
  z.number().int().min(1).max(86_400).default(d).describe(`Seconds a ${what} alarm may stay new before it escalates.`);
const escalation = z
  .strictObject({
    critical: seconds(60, 'critical'),
    high: seconds(120, 'high'),
    medium: seconds(300, 'medium'),
    low: seconds(900, 'low'),
  })
  .describe('Escalation deadlines per priority: an alarm still unacknowledged then goes one priority up.');

const alarms = z
  .strictObject({
    dedupWindowSeconds: z
      .number()
      .min(0)
      .max(3600)
      .default(60)
      .describe(
        "A new event of the same kind, camera and zone this soon after an open alarm's last activity joins that alarm.",
      ),
    escalationSeconds: escalation.default(escalation.parse({})),
  })
  .describe('Alarms: attention signals, each awaiting a human disposition.');

const auth = z
  .strictObject({
    sessionTtlHours: z
      .number()
      .min(0.1)
      .max(24 * 7)
      .default(12)
      .describe('Lifetime of a console session.'),
    loginMaxFailures: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe(
        "Login attempts checked per account from one client address within the window; the next get 429 with Retry-After. Attempts are counted before the password is checked, so parallel guesses cannot pass the limit. From all addresses together an account gets 4x this, then exponential backoff between attempts (1 s, 2 s, 4 s… at most the window); one address gets 4x this across accounts. The same account logging in from another address is never blocked by one address's failures.",
      ),
    loginWindowMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(15)
      .describe('Window of the login rate limit.'),
    tokenDefaultDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe('Lifetime of an API token created without one (and of older tokens stored without an expiry).'),
    tokenMaxDays: z.number().int().min(1).max(3650).default(365).describe('Longest lifetime an API token may ask for.'),
    passwordContextWords: z
      .array(z.string().min(3).max(64))
      .max(100)
      .default([])
      .describe(
        'Words a password must not be built on besides the username, "vigie" and the role names: the city, the service, the building (NIST SP 800-63B context-specific words).',
      ),
  })
  .describe('Authentication.');

const log = z
  .strictObject({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Log level of the structured (JSON) logs.'),
  })
  .describe('Logging.');

const secrets = z
  .strictObject({
    keyFile: z
      .string()
      .optional()
      .describe(
        'File holding the base64 32-byte master key; default <dataDir>-keys/secret.key (a folder beside the data dir, never inside it: a copy of the data dir alone cannot re-forge the journal), created 0600 in a 0700 folder on first start. A key left at the old place, <dataDir>/secret.key, is moved there at start with a warning. Env VIGIE_SECRET_KEY overrides.',
      ),
  })
  .describe('Master key that encrypts camera credentials and keys the audit journal.');

const clips = z
  .strictObject({
    playbackPerUser: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(4)
      .describe('Playbacks one user may run at once (each is an ffmpeg); past it, 429 naming the limit.'),
    playbackPerCentre: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(16)
      .describe('Playbacks the whole centre runs at once; past it, 429 naming the limit.'),
    exportsPerUser: z.number().int().min(1).max(100).default(2).describe('Exports one user may run at once.'),
    exportsPerCentre: z.number().int().min(1).max(1000).default(4).describe('Exports the whole centre runs at once.'),
    maskedCacheDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Where playback files are kept, written once per range (stream copy, or re-encoded for a masked camera) and served by byte ranges so that players seek; default <dataDir>/cache/masked-playback.',
      ),
    maskedCacheBytes: z
      .number()
      .int()
      .min(0)
      .default(1024 ** 3)
      .describe(
        'Size cap of the playback cache (oldest entries deleted first, never one being read; 0 keeps nothing). A playback range with more recorded bytes than this is streamed instead, and cannot be seeked.',
      ),
    maskedCacheMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(60)
      .describe(
        'A cached playback is deleted this long after it was made, so it never outlives its footage (retention) by more.',
      ),
  })
  .describe('Load limits of playback and exports, and the masked playback cache.');

const audit = z
  .strictObject({
    anchorFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Append-only file outside the database where the journal head (seq, hash, time, keyed MAC) is written periodically and at shutdown; `vigie audit verify` and the centre at start check the journal against every line, so a journal rewritten even with the key is caught. Default <dataDir>-keys/audit-anchors.log; better on another disk or host (a mounted share, a log collector) and published in the transparency register.',
      ),
    anchorIntervalMinutes: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .default(5)
      .describe('How often the journal head is anchored (only when it moved since the last anchor).'),
  })
  .describe('Audit journal integrity: external anchors of its head.');

const webhook = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _')
      .describe('Name in logs.'),
    url: z.url({ protocol: /^https?$/ }).describe('Receiver (POST, JSON body {topic, at, payload}).'),
    secret: z
      .string()
      .min(16, 'at least 16 characters')
      .describe(
        'HMAC-SHA256 key: X-Vigie-Signature is sha256= HMAC(secret, the X-Vigie-Timestamp value, a dot, the body).',
      ),
    topics: z
      .array(
        z
          .string()
          .regex(/^(events|alarms)(\.[a-z_]+)*(\.\*)?$|^(events|alarms)\*$/, 'events.* / alarms.* / events.<kind>'),
      )
      .min(1)
      .default(['events.*', 'alarms.*'])
      .describe('What is sent: bus topics, `*` at the end matches any suffix.'),
    timeoutSeconds: z.number().gt(0).max(120).default(5).describe('A receiver silent this long counts as a failure.'),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('Tries before a delivery is given up (kept, marked dead).'),
  })
  .describe('A webhook receiver.');

const integrations = z
  .strictObject({
    mqtt: z
      .strictObject({
        url: z
          .string()
          .regex(/^mqtts?:\/\//, 'an mqtt:// or mqtts:// URL')
          .describe('Broker, e.g. mqtt://127.0.0.1:1883.'),
        topicPrefix: z
          .string()
          .min(1)
          .max(100)
          .default('vigie')
          .describe('Topics are <prefix>/events/<kind>, <prefix>/alarms/….'),
        username: z.string().optional().describe('Broker login.'),
        password: z.string().optional().describe('Broker password.'),
      })
      .optional()
      .describe('Publish events and alarm changes to an MQTT broker.'),
    webhooks: z
      .array(webhook)
      .max(20)
      .default([])
      .describe('Signed HTTP callbacks, retried with backoff from a stored outbox.'),
    backoffSeconds: z.number().gt(0).max(60).default(2).describe('First retry delay; doubles each attempt.'),
    maxBackoffSeconds: z.number().gt(0).max(3600).default(300).describe('Longest retry delay.'),
  })
  .describe('Outbound integrations: MQTT and webhooks.');

const live = z
  .strictObject({
    privacy: z
      .enum(['blur', 'off'])
      .default('blur')
      .describe(
        "People and vehicles on the wall: blur (pixelated on the server, shown clear only through a journaled reveal) or off (the camera's picture as sent). A sector or camera may override it.",
      ),
    revealSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(300)
      .describe(
        'How long a reveal (a clear live view, given with a reason or an alarm) lasts before the blur comes back.',
      ),
  })
  .describe('Live video on the wall.');

export const configSchema = z
  .strictObject({
    dataDir: z.string().min(1).default('./data').describe('Directory for the embedded database, keys and recordings.'),
    http: http.default(http.parse({})),
    database: database.default({}),
    retention: retention.default(retention.parse({})),
    recordings: recordings.default(recordings.parse({})),
    exports: exportsSection.default(exportsSection.parse({})),
    ingest: ingest.default(ingest.parse({})),
    analytics: analytics.default(analytics.parse({})),
    alarms: alarms.default(alarms.parse({})),
    live: live.default(live.parse({})),
    health: healthSchema.default(healthSchema.parse({})),
    legal: legal.default(legal.parse({})),
    publicRegister: publicRegister.default(publicRegister.parse({})),
    integrations: integrations.default(integrations.parse({})),
    auth: auth.default(auth.parse({})),
    log: log.default(log.parse({})),
    secrets: secrets.default({}),
    audit: audit.default(audit.parse({})),
    clips: clips.default(clips.parse({})),
    demo: z.boolean().default(false).describe('Seed the illustrative Valenciennes demo fleet when the fleet is empty.'),
    role: roleSchema,
    cluster: clusterSchema.optional(),
  })
  .superRefine(checkRole)
  .describe('Vigie centre configuration (vigie.yaml).');

export type Config = z.infer<typeof configSchema>;
