import WebSocket from 'ws';
import { cameraInputSchema } from '../../../src/core/fleet/schemas.js';
import { SYSTEM } from '../../../src/core/users/principal.js';
import type { Client, TestCentre } from '../../support/centre.js';

export interface LiveCamera {
  id: string;
  name: string;
  sectorId: string;
  url: string;
  credentials?: { username: string; password: string };
}

/** Sectors and cameras (pointing at real RTSP sources) created through the fleet service. */
export async function addCameras(t: TestCentre, cameras: LiveCamera[]): Promise<void> {
  const fleet = t.centre.services.fleet;
  for (const sectorId of new Set(cameras.map((c) => c.sectorId))) {
    await fleet.upsertSector(SYSTEM, { id: sectorId, name: `Sector ${sectorId}` }, '', true);
  }
  for (const c of cameras) {
    const input = {
      id: c.id,
      name: c.name,
      sectorId: c.sectorId,
      streams: { main: c.url },
      ...(c.credentials && { credentials: c.credentials }),
    };
    await fleet.create(SYSTEM, cameraInputSchema.parse(input));
  }
}

export interface LiveSocket {
  ws: WebSocket;
  texts: Record<string, unknown>[];
  /** Every message in order: parsed JSON for text, `bin:<box type>:<bytes>` for binary. */
  log: string[];
  binaries: Buffer[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens /api/live/:id as the client; rejects with `HTTP <status>` when the upgrade is refused. */
export function openLive(
  client: Client,
  cameraId: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<LiveSocket> {
  const url = `${client.base.replace(/^http/, 'ws')}/api/live/${encodeURIComponent(cameraId)}${query}`;
  const ws = new WebSocket(url, { headers: { ...(client.cookie && { cookie: client.cookie }), ...headers } });
  const s: LiveSocket = {
    ws,
    texts: [],
    log: [],
    binaries: [],
    closed: new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  };
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      s.binaries.push(data);
      s.log.push(`bin:${data.toString('latin1', 4, 8)}:${data.length}`);
    } else {
      const msg = JSON.parse(data.toString());
      s.texts.push(msg);
      s.log.push(JSON.stringify(msg));
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(s));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => {
        req.destroy();
        reject(new Error(`HTTP ${res.statusCode} ${body}`));
      });
    });
    ws.once('error', (e) => reject(e));
  });
}
