import { z } from 'zod';

/** What one `vigie serve` process runs; `all` is the embedded single-process centre. */
export const ROLES = ['all', 'api', 'recorder', 'analytics'] as const;
export type Role = (typeof ROLES)[number];

// The node name is a NATS KV key (leases, presence): a token of the KV key alphabet, no dots (they split keys).
const NODE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const roleSchema = z
  .enum(ROLES)
  .default('all')
  .describe(
    'What this process runs: all (the whole centre in one process, the default), api (HTTP API, console and alarms), recorder (camera ingest and recording) or analytics (video analytics). A role other than all needs `cluster` and a PostgreSQL database.url. `vigie serve --role` overrides it.',
  );

const nats = z
  .strictObject({
    servers: z
      .array(z.string().regex(/^(nats|tls):\/\/[^\s/]+$/, 'a nats://host:port or tls://host:port URL'))
      .min(1)
      .max(32)
      .describe('NATS servers (JetStream enabled) this node connects to, e.g. [nats://10.0.0.5:4222].'),
    user: z.string().min(1).optional().describe('NATS user (with password).'),
    password: z.string().min(1).optional().describe('NATS password (with user).'),
    token: z.string().min(1).optional().describe('NATS token, instead of user and password.'),
    credsFile: z
      .string()
      .min(1)
      .optional()
      .describe('NATS credentials file (JWT and NKey seed), instead of user/password or token.'),
    connectTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(3000)
      .describe('A node that cannot reach NATS within this refuses to start (one line on stderr).'),
  })
  .refine((n) => (n.user === undefined) === (n.password === undefined), {
    message: 'user and password go together',
    path: ['user'],
  })
  .refine((n) => [n.user ?? n.password, n.token, n.credsFile].filter((x) => x !== undefined).length <= 1, {
    message: 'one NATS authentication only: user/password, token or credsFile',
    path: ['token'],
  })
  .describe('The NATS JetStream cluster that carries events, commands and leases between nodes.');

const leases = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only: it is a NATS KV bucket name')
      .default('vigie-leases')
      .describe('The NATS KV bucket holding camera leases and node presence; every node of one centre uses the same.'),
    leaseSeconds: z
      .number()
      .min(1)
      .max(300)
      .default(15)
      .describe(
        "How long a camera's recording or analysis stays with a node that stopped renewing (it renews every third of it): a killed node's cameras move to another within about this. Every node must use the same (a node with another refuses to start).",
      ),
    maxMovesPerPeriod: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(2)
      .describe(
        "At most this many cameras move to a returning or new node per period, so that the others are not all restarted at once (a dead node's cameras move at once, whatever this).",
      ),
    periodSeconds: z.number().min(1).max(3600).default(10).describe('The period of maxMovesPerPeriod.'),
  })
  .describe('Camera ownership between the nodes of one role (docs/cluster-leases.md).');

// The bus stream's settings (docs/cluster-bus.md): what an operator tunes for the NATS cluster at hand. Every node of
// one centre must use the same: the stream and its consumers are shared, the last node to start sets them.
const TOKEN = /^[A-Za-z0-9_-]{1,32}$/;
const stream = z
  .strictObject({
    name: z
      .string()
      .regex(TOKEN, 'letters, digits, - and _ only (at most 32): it is a JetStream stream name')
      .default('VIGIE')
      .describe('The JetStream stream holding every bus message; two centres on one NATS use two names.'),
    prefix: z
      .string()
      .regex(TOKEN, 'letters, digits, - and _ only (at most 32): it is the first token of every subject')
      .default('vigie')
      .describe('Subject prefix: topic a.b is the subject <prefix>.a.b. Two centres on one NATS use two prefixes.'),
    replicas: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(1)
      .describe(
        'Copies of each message kept by the NATS cluster: 3 on a three-server cluster keeps every acknowledged event through the loss of one server. More than 1 needs a clustered NATS (a single server refuses it, and the node does not start).',
      ),
    maxAgeHours: z
      .number()
      .positive()
      .max(24 * 365)
      .default(72)
      .describe(
        'How long messages stay in the stream: how long a stopped node (an api node consuming events) may be away and still catch up.',
      ),
    maxBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .default(1024 ** 3)
      .describe('Size cap of the stream on each server (bytes); the oldest messages go first past it.'),
    ackWaitSeconds: z
      .number()
      .min(1)
      .max(3600)
      .default(30)
      .describe(
        'An event handed to a node that neither acknowledges it nor says it is still working on it within this is handed to another node (its node died or hung).',
      ),
    maxDeliver: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe('Deliveries of one event before it is given up (reported as an error); a failed handling is retried.'),
  })
  .describe('The NATS JetStream stream and consumers of the cluster bus (docs/cluster-bus.md).');

export const clusterSchema = z
  .strictObject({
    nodeName: z
      .string()
      .regex(NODE_NAME, 'letters, digits, - and _ only (at most 64): it is a NATS key')
      .optional()
      .describe(
        "This node's name, unique in the cluster (leases and health are keyed by it); default: the machine's hostname up to its first dot.",
      ),
    nats,
    leases: leases.prefault({}),
    stream: stream.prefault({}),
  })
  .describe('Distributed mode: several nodes sharing one NATS JetStream and one PostgreSQL database.');

export type ClusterConfig = z.infer<typeof clusterSchema>;

/** The NATS bus adapter's options from `cluster.stream` (its own units). */
export function busOptionsOf(s: ClusterConfig['stream']) {
  return {
    stream: s.name,
    prefix: s.prefix,
    replicas: s.replicas,
    maxAgeHours: s.maxAgeHours,
    maxBytes: s.maxBytes,
    ackWaitMs: Math.round(s.ackWaitSeconds * 1000),
    maxDeliver: s.maxDeliver,
  };
}

/** The node name: the configured one, else the hostname made a valid key (its first label, other characters as -). */
export function nodeNameOf(cluster: Pick<ClusterConfig, 'nodeName'>, hostname: string): string {
  if (cluster.nodeName) return cluster.nodeName;
  const name = (hostname.split('.')[0] ?? '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return name || 'node';
}

/** Cross-field rules: a node of one role is part of a cluster, which shares PostgreSQL (SQLite is one process's). */
export function checkRole(
  cfg: { role: Role; cluster?: ClusterConfig | undefined; database: { url?: string | undefined } },
  ctx: z.RefinementCtx,
): void {
  if (cfg.role === 'all') return;
  if (!cfg.cluster)
    ctx.addIssue({ code: 'custom', path: ['cluster'], message: `role ${cfg.role} needs a cluster section (nats)` });
  if (!/^postgres(ql)?:\/\//.test(cfg.database.url ?? ''))
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'url'],
      message: `role ${cfg.role} needs a PostgreSQL database (postgres://…): nodes share one database`,
    });
}
