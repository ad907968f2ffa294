import { type CameraParsed, cameraInputSchema, type Sector } from './schemas.js';

/**
 * ILLUSTRATIVE demo fleet for Valenciennes (France): real district names, invented cameras.
 * Positions, addresses, models and dates are made up; nothing here describes a real installation.
 */

/** The date the demo "is set at": extension cameras installed after it are still planned. */
export const DEMO_AS_OF = '2026-12-31';

/** City bounding box every demo camera stands in. */
export const DEMO_BOUNDS = { minLat: 50.335, maxLat: 50.38, minLon: 3.49, maxLon: 3.56 } as const;

export const DEMO_PHASE_COUNTS = { pilot: 10, replacement: 150, extension: 70 } as const;

interface District {
  id: string;
  name: string;
  centre: { lat: number; lon: number };
  streets: string[];
  /** Share of the replacement and extension cameras (relative weights). */
  replacementWeight: number;
  extensionWeight: number;
}

// Centroids are approximate and only meant to look plausible on a map.
const districts: District[] = [
  {
    id: 'centre-ville',
    name: 'Centre-ville',
    centre: { lat: 50.3578, lon: 3.5236 },
    streets: ["Place d'Armes", 'Rue de Paris', 'Rue de Famars', 'Rue du Quesnoy', 'Rue de Lille', 'Rue Tholozé'],
    replacementWeight: 40,
    extensionWeight: 8,
  },
  {
    id: 'gare',
    name: 'Gare',
    centre: { lat: 50.3626, lon: 3.517 },
    streets: ['Place de la Gare', 'Avenue de Denain', 'Boulevard Harpignies', 'Rue de la Gare'],
    replacementWeight: 12,
    extensionWeight: 4,
  },
  { ...outer('saint-waast', 'Saint-Waast', 50.3575, 3.5405), replacementWeight: 14, extensionWeight: 8 },
  { ...outer('faubourg-de-paris', 'Faubourg de Paris', 50.3495, 3.5095), replacementWeight: 14, extensionWeight: 9 },
  {
    ...outer('faubourg-de-cambrai', 'Faubourg de Cambrai', 50.3455, 3.5265),
    replacementWeight: 12,
    extensionWeight: 8,
  },
  { ...outer('chasse-royale', 'Chasse Royale', 50.3665, 3.5465), replacementWeight: 10, extensionWeight: 7 },
  { ...outer('dutemple', 'Dutemple', 50.3695, 3.5035), replacementWeight: 12, extensionWeight: 8 },
  { ...outer('les-tertiales', 'Les Tertiales', 50.3715, 3.5295), replacementWeight: 12, extensionWeight: 6 },
  { ...outer('la-briquette', 'La Briquette', 50.3435, 3.5445), replacementWeight: 8, extensionWeight: 6 },
  { ...outer('nungesser', 'Nungesser', 50.3405, 3.5335), replacementWeight: 6, extensionWeight: 6 },
];

/** Outer districts share generic French street names; they only need to read plausibly. */
function outer(id: string, name: string, lat: number, lon: number) {
  const streets = ['Rue Jean Jaurès', 'Avenue Victor Hugo', 'Rue Pasteur', 'Rue de la République', 'Place du Marché'];
  return { id, name, centre: { lat, lon }, streets };
}

const models = ['Generic 4MP dome', 'Generic 4MP bullet', 'Generic 8MP multi-sensor', 'Generic 2MP PTZ 30x'];

/** mulberry32: tiny, seedable, good enough to scatter demo cameras the same way every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` cameras across districts by weight (largest remainder, so the sum is exact). */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k]![1]]! += 1;
  return counts;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Picks an install date in [startMonth, startMonth + months) counted from January of `year`. */
function installDate(rand: () => number, year: number, startMonth: number, months: number): string {
  const m = startMonth + Math.floor(rand() * months);
  const day = 1 + Math.floor(rand() * 28);
  return `${year + Math.floor(m / 12)}-${pad((m % 12) + 1, 2)}-${pad(day, 2)}`;
}

export function demoFleet(streamBase = 'rtsp://127.0.0.1:8554'): { sectors: Sector[]; cameras: CameraParsed[] } {
  const rand = seededRandom(59300); // Valenciennes' postcode, for a stable layout
  const base = streamBase.replace(/\/+$/, '');
  const sectors: Sector[] = districts.map((d) => ({
    id: d.id,
    name: d.name,
    description: `Illustrative demo data: invented cameras in the ${d.name} district of Valenciennes.`,
  }));
  const gare = districts.find((d) => d.id === 'gare')!;
  const plan: { district: District; phase: CameraParsed['phase'] }[] = [
    ...Array.from({ length: DEMO_PHASE_COUNTS.pilot }, () => ({ district: gare, phase: 'pilot' as const })),
    ...spread(DEMO_PHASE_COUNTS.replacement, 'replacement', (d) => d.replacementWeight),
    ...spread(DEMO_PHASE_COUNTS.extension, 'extension', (d) => d.extensionWeight),
  ];
  const perDistrict = new Map<string, number>();
  const cameras = plan.map(({ district, phase }, i) => {
    const id = `VAL-${pad(i + 1, 3)}`;
    const n = (perDistrict.get(district.id) ?? 0) + 1;
    perDistrict.set(district.id, n);
    // The pilot hugs the station forecourt; other cameras spread over their district.
    const spreadDeg = phase === 'pilot' ? 0.0015 : 0.006;
    const lat = clamp(district.centre.lat + (rand() - 0.5) * spreadDeg, DEMO_BOUNDS.minLat, DEMO_BOUNDS.maxLat);
    const lon = clamp(district.centre.lon + (rand() - 0.5) * spreadDeg * 1.5, DEMO_BOUNDS.minLon, DEMO_BOUNDS.maxLon);
    const street = district.streets[Math.floor(rand() * district.streets.length)]!;
    const installedAt =
      phase === 'pilot'
        ? installDate(rand, 2025, 2, 4)
        : phase === 'replacement'
          ? installDate(rand, 2026, 0, 12)
          : installDate(rand, 2026, 9, 15);
    return cameraInputSchema.parse({
      id,
      name: `${district.name} ${pad(n, 2)} – ${street}`,
      sectorId: district.id,
      position: { lat: round6(lat), lon: round6(lon) },
      address: `${1 + Math.floor(rand() * 120)} ${street}, 59300 Valenciennes`,
      streams: { main: `${base}/${id}/main`, sub: `${base}/${id}/sub` },
      model: models[Math.floor(rand() * models.length)],
      phase,
      installedAt,
      status: installedAt > DEMO_AS_OF ? 'planned' : 'active',
      tags: ['demo', 'illustrative'],
      // Invented view cones for the map, from the index (not `rand`: the fleet's layout stays what it was).
      direction: (i * 137 + 20) % 360,
      fieldOfView: [60, 90, 110][i % 3],
    });
  });
  return { sectors, cameras };
}

function spread(total: number, phase: CameraParsed['phase'], weight: (d: District) => number) {
  const counts = allocate(total, districts.map(weight));
  return districts.flatMap((district, i) => Array.from({ length: counts[i]! }, () => ({ district, phase })));
}
