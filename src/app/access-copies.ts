// Wires the anonymised copies of access requests: their files beside the exports under the data dir, the engine
// over ffmpeg and the analytics' own detector and tracker (its models where the analytics keep theirs).
import { join } from 'node:path';
import { LocalAccessCopyFiles } from '../adapters/storage/access-copy-files.js';
import { accessCopyEngine } from '../analytics/privacy/access-copy-engine.js';
import type { Config } from '../config/schema.js';
import type { AccessRequestService } from '../core/access-requests/access-request-service.js';
import { AccessCopyService } from '../core/access-requests/copies/copy-service.js';
import type { AuditJournal } from '../core/audit/journal.js';
import type { Clock } from '../core/ports/clock.js';
import type { Store } from '../core/ports/store.js';
import type { ClipSlots } from '../core/recordings/clip-slots.js';
import type { PlaybackService } from '../core/recordings/playback.js';
import type { RetentionRule } from '../core/recordings/retention.js';

export function accessCopyService(
  cfg: Config,
  d: {
    store: Store;
    journal: AuditJournal;
    clock: Clock;
    requests: AccessRequestService;
    playback: PlaybackService;
    retention: RetentionRule;
    version: string;
    /** Where the analytics keep their converted models: the copy's detector is theirs. */
    modelCacheDir: string;
    /** The exports' concurrency limits, shared: a copy is an export's work and more. */
    slots: ClipSlots;
  },
): AccessCopyService {
  const { modelCacheDir, ...deps } = d;
  const copies = new AccessCopyService({
    ...deps,
    engine: accessCopyEngine({ modelCacheDir, ffmpeg: cfg.ingest.ffmpegPath }),
    files: new LocalAccessCopyFiles(join(cfg.dataDir, 'access-copies')),
  });
  // The answer step names the copies given: the register checks they are this request's.
  d.requests.linkCopies((requestId, copyId) => copies.has(requestId, copyId));
  return copies;
}
