// Who sees people on a live (or played back) picture: a camera blurs them unless its setting, its sector's or the
// centre's says off, and a user sees a blurred camera clear only through a reveal of their own in force.
import type { PrivacySetting } from '../fleet/schemas.js';
import type { Reveal } from '../ports/reveals.js';
import type { Store } from '../ports/store.js';
import type { Principal } from '../users/principal.js';

/** What a camera's pictures are by default: people pixelated, or as the camera sends them. */
export type PrivacyMode = 'blur' | 'off';

/** What one user gets of one camera now. */
export interface PrivacyVerdict {
  blurred: boolean;
  /** When the user's reveal of this camera ends (epoch ms): the picture is clear until then. */
  revealUntil?: number;
  revealId?: string;
}

/** The camera's own setting unless inherit, else its sector's unless inherit, else the centre's. */
export function effectivePrivacy(
  centre: PrivacyMode,
  camera?: { privacy?: PrivacySetting | undefined },
  sector?: { privacy?: PrivacySetting | undefined },
): PrivacyMode {
  for (const s of [camera?.privacy, sector?.privacy]) if (s && s !== 'inherit') return s;
  return centre;
}

export class PrivacyPolicy {
  constructor(
    private readonly store: Store,
    /** The centre's live.privacy. */
    readonly centre: PrivacyMode,
    /** The user's reveal of a camera in force now, if any. */
    private readonly revealOf: (userId: string, cameraId: string) => Reveal | undefined,
  ) {}

  /** A camera's mode; a camera that cannot be read is blurred (fail closed). */
  async modeOf(cameraId: string): Promise<PrivacyMode> {
    const cam = await this.store.cameras.get(cameraId);
    if (!cam) return 'blur';
    return effectivePrivacy(this.centre, cam, await this.store.sectors.get(cam.sectorId));
  }

  /** Modes of many cameras at once (camera lists): one read of the sectors. */
  async modesOf(
    cams: readonly { id: string; sectorId: string; privacy?: PrivacySetting | undefined }[],
  ): Promise<Map<string, PrivacyMode>> {
    const sectors = new Map((await this.store.sectors.list()).map((s) => [s.id, s]));
    return new Map(cams.map((c) => [c.id, effectivePrivacy(this.centre, c, sectors.get(c.sectorId))]));
  }

  /** Whether this user gets this camera's pictures blurred now (live; playback asks the same). */
  async blurredFor(p: Principal, cameraId: string): Promise<PrivacyVerdict> {
    if ((await this.modeOf(cameraId)) === 'off') return { blurred: false };
    const r = this.revealOf(p.userId, cameraId);
    return r ? { blurred: false, revealUntil: r.untilMs, revealId: r.id } : { blurred: true };
  }
}
