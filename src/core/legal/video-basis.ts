// L4 for the cameras themselves: which video_protection authorisations a camera films under today, and whether it
// films without one. Recording is never stopped for it (evidence would be lost); the centre says it loudly instead:
// the camera API, the console's fleet list and map, health and metrics all read this.
import { z } from 'zod';
import type { cameraStatuses } from '../fleet/schemas.js';
import { basesFor, type CameraRef } from './coverage.js';
import type { LegalRegister } from './legal-register.js';

type CameraStatus = (typeof cameraStatuses)[number];

export const legalBasisSchema = z
  .object({
    video: z.array(z.string()).describe('Ids of the video_protection authorisations in force covering it today.'),
    filmsWithoutBasis: z
      .boolean()
      .describe('In service (active or in maintenance) with no video_protection authorisation in force today.'),
  })
  .describe('The camera’s legal basis today (law.md L4).');
export type LegalBasis = z.output<typeof legalBasisSchema>;

/** Planned and decommissioned cameras film nothing: they need no basis (yet, or any more). */
const FILMING: readonly CameraStatus[] = ['active', 'maintenance'];

/** The legal basis of each camera today (one read of the register, whatever the number of cameras). */
export async function legalBasisOf<C extends CameraRef & { status: CameraStatus }>(
  register: LegalRegister,
  cameras: readonly C[],
): Promise<Map<string, LegalBasis>> {
  const all = await register.all();
  const day = register.day();
  return new Map(
    cameras.map((c) => {
      const video = basesFor(all, 'video_protection', c, day).map((a) => a.id);
      return [c.id, { video, filmsWithoutBasis: video.length === 0 && FILMING.includes(c.status) }];
    }),
  );
}

/** The cameras in service that film without a video_protection authorisation today, sorted by id. */
export async function filmingWithoutBasis<C extends CameraRef & { status: CameraStatus }>(
  register: LegalRegister,
  cameras: readonly C[],
): Promise<string[]> {
  const flags = await legalBasisOf(register, cameras);
  return cameras
    .filter((c) => flags.get(c.id)?.filmsWithoutBasis)
    .map((c) => c.id)
    .sort();
}
