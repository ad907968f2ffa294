// The manifest of an anonymised copy: what was asked, what the file shows, what was hidden and how, its hash, who
// made it, when, with which software. It travels with the file to the requester and stays as the centre's record.
import type { Camera } from '../../fleet/schemas.js';
import type { ClipPlan } from '../../recordings/clip-plan.js';
import { isoRange as isoRangeOf } from '../../recordings/playback.js';
import type { AccessRequest } from '../schemas.js';
import type { CopyResult } from './copy-ports.js';
import type { RequesterPick } from './follow.js';

export interface CopyManifest {
  id: string;
  requestId: string;
  reference: string;
  cameraId: string;
  cameraName: string;
  requested: { from: string; to: string };
  covered: { from: string; to: string; offsetSeconds: number }[];
  gaps: { from: string; to: string }[];
  /** The requester as picked: track, and where they are kept clear. */
  picks: { id: string; trackId: number; segments: { from: string; to: string }[]; manual: boolean }[];
  file: string;
  bytes: number;
  sha256: string;
  frames: number;
  /** Pictures where the requester was shown clear. */
  keptFrames: number;
  /** Those pictures, as inclusive runs of 0-based picture indexes into the file. */
  keptPictures: [number, number][];
  blurred: {
    /** Boxes hidden over all pictures, per class (vehicles: only their plate band). */
    boxesPerClass: Record<string, number>;
    /** Mean share of each picture pixelated (boxes of others, moving areas). */
    cellsShare: number;
    /** Side of the pixelation cells, in pixels. */
    cellPx: number;
    method: string;
  };
  privacyMasks: number;
  banner: string;
  madeBy: string;
  madeAt: string;
  software: { name: 'vigie'; version: string };
}

const METHOD =
  "Irreversible pixelation (each cell one flat colour, about 1/36 of the picture's height): every person, bicycle and " +
  "motorcycle box found by the detector (NanoDet) and tracker on every picture except the requester's, vehicles' " +
  "lower half (plates), and every moving area; the requester's tracked box alone is cleared, within the picks' segments.";

export function manifestOf(a: {
  copyId: string;
  r: AccessRequest;
  camera: Camera;
  plan: ClipPlan;
  picks: RequesterPick[];
  res: CopyResult;
  banner: string;
  masks: number;
  by: string;
  at: string;
  version: string;
}): CopyManifest {
  return {
    id: a.copyId,
    requestId: a.r.id,
    reference: a.r.reference,
    cameraId: a.camera.id,
    cameraName: a.camera.name,
    requested: isoRangeOf(a.plan.requested),
    covered: a.plan.covered.map((c) => ({ ...isoRangeOf(c), offsetSeconds: c.offsetMs / 1000 })),
    gaps: a.plan.gaps.map(isoRangeOf),
    picks: a.picks.map((p) => ({ id: p.id, trackId: p.trackId, segments: p.segments, manual: p.manual })),
    file: `${a.copyId}.mp4`,
    bytes: a.res.bytes,
    sha256: a.res.sha256,
    frames: a.res.frames,
    keptFrames: a.res.keptFrames,
    keptPictures: a.res.keptPictures,
    blurred: { boxesPerClass: a.res.hidden, cellsShare: a.res.cellsShare, cellPx: a.res.cellPx, method: METHOD },
    privacyMasks: a.masks,
    banner: a.banner,
    madeBy: a.by,
    madeAt: a.at,
    software: { name: 'vigie', version: a.version },
  };
}
