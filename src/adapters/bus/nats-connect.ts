import { type Authenticator, connect, type NatsConnection } from '@nats-io/transport-node';

export type ConnectBusOptions = {
  /** Shown in the server's connection list (`vigie-api-1`…). */
  name?: string;
  /** Credentials when not in the URL (`nats://user:pass@host:4222`, `nats://token@host:4222`). */
  user?: string;
  pass?: string;
  token?: string;
  /** A credentials file's authenticator (JWT and NKey seed). */
  authenticator?: Authenticator;
  timeoutMs?: number;
};

/**
 * Connects to NATS or throws ONE clear line naming the server (never the password): a node with a wrong URL or
 * credentials refuses to start instead of retrying forever. Once connected, the client reconnects by itself without
 * limit (a NATS restart or failover is a pause, not an outage); subscriptions and pull consumers carry on.
 */
export async function connectBus(servers: string | string[], opts: ConnectBusOptions = {}): Promise<NatsConnection> {
  const list = (Array.isArray(servers) ? servers : servers.split(',')).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('vigie: no NATS server given');
  const parsed = list.map(parseServer);
  const shown = parsed.map((p) => p.shown).join(',');
  const creds = parsed.find((p) => p.user || p.token);
  try {
    return await connect({
      servers: parsed.map((p) => p.server),
      name: opts.name,
      user: opts.user ?? creds?.user,
      pass: opts.pass ?? creds?.pass,
      token: opts.token ?? creds?.token,
      ...(opts.authenticator && { authenticator: opts.authenticator }),
      timeout: opts.timeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  } catch (e) {
    const err = e as Error & { code?: string; cause?: Error };
    if (err.name === 'AuthorizationError' || /authori[sz]ation|authentication/i.test(err.message)) {
      throw new Error(`vigie: NATS at ${shown} refused the credentials (${err.message})`);
    }
    // The socket's own reason (connect ECONNREFUSED 127.0.0.1:4222) says more than the client's summary.
    const cause = err.cause?.message && err.cause.message !== err.message ? ` (${err.cause.message})` : '';
    const why = err.code === 'ENOTFOUND' ? 'unknown host' : `${err.message}${cause}`;
    throw new Error(`vigie: cannot reach NATS at ${shown}: ${why}`);
  }
}

function parseServer(s: string) {
  const withScheme = /^[a-z]+:\/\//i.test(s) ? s : `nats://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`vigie: invalid NATS URL '${s}': expected nats://host:port`);
  }
  if (!['nats:', 'tls:'].includes(url.protocol))
    throw new Error(`vigie: invalid NATS URL '${s}': expected nats://host:port`);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const server = `${url.protocol}//${url.host}`;
  // A user without a password in the URL is NATS's token form.
  return pass ? { server, shown: server, user, pass } : { server, shown: server, token: user || undefined };
}
