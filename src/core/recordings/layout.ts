/** Where a segment lives under the recordings root: one folder per camera and UTC day, the start time in the name. */
export function segmentRelPath(cameraId: string, startMs: number, ext = 'mp4'): string {
  const day = new Date(startMs).toISOString().slice(0, 10);
  return `${cameraId}/${day}/${cameraId}_${startMs}.${ext}`;
}

export const segmentId = (cameraId: string, startMs: number) => `${cameraId}:${startMs}`;

/** Parses a path made by segmentRelPath; undefined for anything else (foreign files are never indexed). */
export function parseSegmentRelPath(rel: string): { cameraId: string; startMs: number } | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/\d{4}-\d{2}-\d{2}\/\1_(\d{10,16})\.mp4$/.exec(rel);
  return m ? { cameraId: m[1]!, startMs: Number(m[2]) } : undefined;
}
