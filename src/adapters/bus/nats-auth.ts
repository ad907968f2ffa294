import { readFileSync } from 'node:fs';
import { credsAuthenticator } from '@nats-io/transport-node';
import type { ClusterConfig } from '../../config/cluster-schema.js';

/** The connection options of the node's one NATS authentication (user/password, token or credentials file). */
export function natsAuth(nats: ClusterConfig['nats']) {
  return nats.credsFile
    ? { authenticator: credsAuthenticator(readCreds(nats.credsFile)) }
    : nats.token
      ? { token: nats.token }
      : nats.user
        ? { user: nats.user, pass: nats.password ?? '' }
        : {};
}

function readCreds(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read the NATS credentials file ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}
