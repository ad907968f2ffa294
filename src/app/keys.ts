import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/schema.js';
import { KeyRing } from '../core/security/keys.js';

/** Master key from VIGIE_SECRET_KEY, else the key file, created 0600 on first start in embedded mode. */
export function loadKeyRing(cfg: Config, env = process.env): { ring: KeyRing; created?: string } {
  if (env.VIGIE_SECRET_KEY) return { ring: KeyRing.fromBase64(env.VIGIE_SECRET_KEY) };
  const file = cfg.secrets.keyFile ?? join(cfg.dataDir, 'secret.key');
  if (existsSync(file)) return { ring: KeyRing.fromBase64(readFileSync(file, 'utf8')) };
  const ring = KeyRing.generate();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${ring.toBase64()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { ring, created: file };
}
