import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import type { ClusterConfig } from '../../config/cluster-schema.js';

/**
 * Connects once to NATS with the node's credentials and closes: a node that cannot reach it (wrong URL, wrong
 * credentials, server down) must refuse to start rather than run cut off from the cluster. Throws with the reason.
 */
export async function probeNats(nats: ClusterConfig['nats']): Promise<void> {
  const auth = natsAuth(nats);
  const nc = await connect({
    servers: nats.servers,
    timeout: nats.connectTimeoutMs,
    reconnect: false,
    name: 'vigie-start-check',
    ...auth,
  });
  await nc.flush();
  await nc.close();
}

/** The connection options of the node's one NATS authentication (the probe and the node's connection share it). */
export function natsAuth(nats: ClusterConfig['nats']) {
  return nats.credsFile
    ? { authenticator: credsAuthenticator(readFileSync(nats.credsFile)) }
    : nats.token
      ? { token: nats.token }
      : nats.user
        ? { user: nats.user, pass: nats.password ?? '' }
        : {};
}
