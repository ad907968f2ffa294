// Pure answers of the register: is an authorisation in force on a day, does it cover a camera, a family.
import type { LegalFamily } from '../shared/law.js';
import type { Authorisation, AuthorisationKind } from './schemas.js';

/** The calendar day (YYYY-MM-DD) of an instant in the centre's time zone: authorisations are dated in local days. */
export function dayOf(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** Whole days from one YYYY-MM-DD to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function inForce(a: Authorisation, day: string): boolean {
  return a.revokedAt === null && a.startsOn <= day && day <= a.endsOn;
}

export interface CameraRef {
  id: string;
  sectorId: string;
}

export function coversCamera(a: Authorisation, c: CameraRef): boolean {
  return a.cameraIds.includes(c.id) || a.sectorIds.includes(c.sectorId);
}

/** The authorisations of a kind in force on `day` that cover the camera (and the family, when one is named). */
export function basesFor(
  all: readonly Authorisation[],
  kind: AuthorisationKind,
  c: CameraRef,
  day: string,
  family?: LegalFamily,
): Authorisation[] {
  return all.filter(
    (a) =>
      a.kind === kind && inForce(a, day) && coversCamera(a, c) && (family === undefined || a.families.includes(family)),
  );
}

/**
 * Why a family cannot run on a camera that day, in the words an operator reads, or undefined when a basis covers it.
 * Names the nearest miss (not yet started, ended, revoked, family not listed) so the admin knows what to fix.
 */
export function missingBasis(
  all: readonly Authorisation[],
  c: CameraRef,
  family: LegalFamily,
  day: string,
): string | undefined {
  if (basesFor(all, 'algorithmic_processing', c, day, family).length) return undefined;
  const base = `${c.id}: no algorithmic_processing authorisation covers '${family}' on ${day}`;
  const near = all.filter(
    (a) => a.kind === 'algorithmic_processing' && coversCamera(a, c) && a.families.includes(family),
  );
  const why = near
    .map((a) =>
      a.revokedAt !== null
        ? `${a.reference} was revoked`
        : day < a.startsOn
          ? `${a.reference} starts on ${a.startsOn}`
          : `${a.reference} ended on ${a.endsOn}`,
    )
    .join('; ');
  return why ? `${base} (${why})` : base;
}
