// What the register bounds besides analytics (law.md L4): how long a camera's footage may be kept, and which
// authorisations a piece of footage was recorded under (named in an export's manifest). Pure answers.
import { basesFor, type CameraRef, coversCamera } from './coverage.js';
import type { Authorisation, AuthorisationRef } from './schemas.js';

/**
 * Why a camera's own retention exceeds what the video_protection authorisation covering it allows on `day` (the
 * strictest one when several overlap), in the words an admin reads; undefined when it does not, when the camera
 * keeps the centre's default (the retention pass binds that one), or when no authorisation covers the camera (it is
 * then flagged as filming without a basis, and the legal cap of 30 days still holds).
 */
export function retentionExcess(
  all: readonly Authorisation[],
  c: CameraRef & { retentionDays?: number },
  day: string,
): string | undefined {
  if (c.retentionDays === undefined) return undefined;
  const bound = basesFor(all, 'video_protection', c, day)
    .filter((a) => a.retentionDays !== undefined)
    .sort((a, b) => a.retentionDays! - b.retentionDays!)[0];
  if (!bound || c.retentionDays <= bound.retentionDays!) return undefined;
  return (
    `${c.id}: retention of ${c.retentionDays} days exceeds the ${bound.retentionDays} days authorised by ` +
    `${bound.reference} (${bound.authority})`
  );
}

/**
 * The authorisations footage of the camera over a range was recorded and analysed under: the video_protection ones
 * in force on any day of the range (a revoked one until its revocation), and those named by its events (`named`).
 */
export function basesOverRange(
  all: readonly Authorisation[],
  c: CameraRef,
  range: { fromMs: number; toMs: number; from: string; to: string },
  named: ReadonlySet<string>,
): AuthorisationRef[] {
  const filmed = (a: Authorisation) =>
    a.kind === 'video_protection' &&
    coversCamera(a, c) &&
    a.startsOn <= range.to &&
    range.from <= a.endsOn &&
    (a.revokedAt === null || Date.parse(a.revokedAt) > range.fromMs);
  return all
    .filter((a) => named.has(a.id) || filmed(a))
    .map(({ id, kind, reference, authority, startsOn, endsOn, revokedAt }) => ({
      id,
      kind,
      reference,
      authority,
      startsOn,
      endsOn,
      revokedAt,
    }));
}
