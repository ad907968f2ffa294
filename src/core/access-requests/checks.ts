// Why a request cannot be registered, if it cannot: dates that cannot be, cameras the caller cannot see, or a window
// reaching further back than footage is kept (asking for footage that no longer exists would promise an answer the
// centre cannot give).
import { badRequest, type DomainError, notFound } from '../errors.js';
import type { Store } from '../ports/store.js';
import { DAY_MS, type RetentionRule, retentionDaysOf } from '../recordings/retention.js';
import { canSeeSector, type Principal } from '../users/principal.js';
import type { AccessRequestInput } from './schemas.js';

export async function requestProblem(
  store: Store,
  retention: RetentionRule,
  p: Principal,
  input: AccessRequestInput,
  now: { ms: number; day: string },
): Promise<DomainError | undefined> {
  const fromMs = Date.parse(input.from);
  const toMs = Date.parse(input.to);
  if (fromMs >= toMs) return badRequest('from must be before to');
  if (input.receivedOn > now.day) return badRequest(`receivedOn ${input.receivedOn} is after today (${now.day})`);
  if (toMs > now.ms) return badRequest('the window ends in the future: no footage of it exists yet');
  for (const id of new Set(input.cameraIds)) {
    const c = await store.cameras.get(id);
    // Unknown and out-of-sector cameras read the same to a scoped user (404), as on every camera route.
    if (!c || !canSeeSector(p, c.sectorId)) return notFound(`camera ${id}`);
    // The camera's effective retention: its own or the centre's, bound by its authorisation and the legal cap.
    const days = await retentionDaysOf(store, id, retention);
    const oldest = now.ms - days * DAY_MS;
    if (fromMs < oldest)
      return badRequest(
        `camera ${id} keeps ${days} days of footage: the window starts before ${new Date(oldest).toISOString()}, ` +
          'which no longer exists',
        { cameraId: id, retentionDays: days },
      );
  }
  return undefined;
}
