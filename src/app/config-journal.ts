import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { AuditJournal } from '../core/audit/journal.js';
import type { Store } from '../core/ports/store.js';

const KEY = 'config_effective';

/** vigie.yaml is edited outside the API, so each start journals which settings changed since the last start. */
export async function journalConfigChanges(store: Store, journal: AuditJournal, cfg: Config): Promise<string[]> {
  const now = JSON.stringify(cfg);
  const before = await store.settings.get(KEY);
  if (before === now) return [];
  const old = before ? (JSON.parse(before) as Record<string, unknown>) : {};
  const changed = Object.keys(cfg).filter(
    (k) => JSON.stringify(old[k]) !== JSON.stringify((cfg as Record<string, unknown>)[k]),
  );
  await journal.record({
    actor: 'system',
    action: before ? 'config.change' : 'config.initial',
    details: { changed, sha256: createHash('sha256').update(now).digest('hex') },
  });
  await store.settings.set(KEY, now);
  return changed;
}
