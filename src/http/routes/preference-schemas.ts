// The console's per-user preferences: language, alarm sounds, and the wall (the main window's wall, the walls of
// pop-out windows, named layouts and camera tours, issue 19). The shapes are checked here; that every camera named
// is one the user can see is checked by the route, against the fleet.
import { z } from 'zod';

/** Layout id → tiles (src/console/wall-layout.js LAYOUTS). */
const TILES: Record<string, number> = { 1: 1, 2: 4, 3: 9, 4: 16, '1+5': 6, '1+7': 8 };
const layoutId = z
  .enum(['1', '2', '3', '4', '1+5', '1+7'])
  .describe('The layout: a square grid (1, 2, 3, 4 per side) or one large tile plus 5 or 7 small ones.');
const cameraId = z.string().min(1).max(64).describe('A camera id the user can see.');
const name = z.string().trim().min(1).max(60).describe('A name chosen by the user (at most 60 characters).');
const pinned = z
  .record(z.string().regex(/^\d{1,2}$/, 'a tile index'), cameraId)
  .describe('Tile index (from 0) → camera id placed there by drag and drop or the keyboard.');

/** The beep patterns of the console (src/console/attention.js PATTERNS). */
const pattern = z.enum(['urgent', 'double', 'single', 'soft', 'none']);

const wall = z.strictObject({
  size: z.number().int().min(1).max(4).describe('Tiles per side: 1, 2, 3 or 4 (kept for older consoles).'),
  layout: layoutId.optional(),
  pinned,
  name: name.optional().describe('The named layout this wall shows, if any (one of `layouts`).'),
});
const layout = z.strictObject({ name, layout: layoutId, pinned });
const tour = z.strictObject({
  name,
  cameras: z.array(cameraId).min(1).max(64).describe('The cameras shown in turn (at most 64).'),
  dwell: z.number().int().min(5).max(600).describe('Seconds each camera stays (5 to 600).'),
  tile: z.number().int().min(0).max(15).optional().describe('The tile (from 0) the tour runs on; 0 by default.'),
});

export const preferencesSchema = z
  .strictObject({
    locale: z
      .enum(['fr', 'en'])
      .optional()
      .describe("The console's language for this user: French (the default) or English; dates follow it."),
    wall: wall.optional().describe("The main window's wall."),
    windows: z
      .record(z.string().regex(/^[\w-]{1,32}$/, 'a window id'), wall)
      .optional()
      .describe('The walls of pop-out windows (more monitors), by window id: each keeps its own.'),
    layouts: z.array(layout).max(20).optional().describe('Named layouts (at most 20), to switch between.'),
    tours: z.array(tour).max(20).optional().describe('Camera tours (at most 20): cameras cycling on a tile.'),
    attention: z
      .strictObject({
        mute: z.boolean().describe('No alarm sound at this user’s consoles (toasts, title and flashing remain).'),
        sounds: z
          .strictObject({
            critical: pattern.optional(),
            high: pattern.optional(),
            medium: pattern.optional(),
            low: pattern.optional(),
          })
          .describe(
            'Beep pattern per alarm priority (defaults: critical urgent, high double, medium single, low none).',
          ),
      })
      .optional()
      .describe('How new alarms call for attention.'),
  })
  .describe("A user's console preferences.");

export type Preferences = z.infer<typeof preferencesSchema>;
type Wall = z.infer<typeof wall>;

/** Tiles pinned beyond their layout (40 tiles on a 4x4 wall) are refused: one message naming the layout and tiles. */
function checkTiles(w: { layout?: string; size?: number; pinned: Record<string, string> }, path: (string | number)[]) {
  const id = w.layout ?? String(w.size);
  const tiles = TILES[id] ?? 16;
  const beyond = Object.keys(w.pinned)
    .map(Number)
    .filter((i) => i >= tiles)
    .sort((a, b) => a - b);
  if (!beyond.length) return [];
  const message = `${beyond.length} tile(s) beyond the ${tiles} tiles of layout ${id}, from tile ${beyond[0]} (tiles are numbered from 0)`;
  return [{ path: [...path, 'pinned'], message }];
}

/** What PUT accepts: the shapes above, tiles within their layouts, names unique. */
export const preferencesBody = preferencesSchema.superRefine((p, ctx) => {
  const issues = [
    ...(p.wall ? checkTiles(p.wall, ['wall']) : []),
    ...Object.entries(p.windows ?? {}).flatMap(([k, w]) => checkTiles(w, ['windows', k])),
    ...(p.layouts ?? []).flatMap((l, i) => checkTiles(l, ['layouts', i])),
    ...(p.tours ?? []).flatMap((t, i) =>
      (t.tile ?? 0) >= 16 ? [{ path: ['tours', i, 'tile'], message: 'a tour runs on tile 0 to 15' }] : [],
    ),
  ];
  for (const [list, what] of [
    [p.layouts, 'layouts'],
    [p.tours, 'tours'],
  ] as const) {
    const names = (list ?? []).map((x) => x.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) issues.push({ path: [what], message: `two ${what} are named "${twice}"` });
  }
  if (Object.keys(p.windows ?? {}).length > 8) issues.push({ path: ['windows'], message: 'at most 8 pop-out windows' });
  for (const i of issues) ctx.addIssue({ code: 'custom', ...i });
});

/** Every camera the preferences name, with where (for the message): tiles, layouts, tours. */
export function camerasNamed(p: Preferences): [string, string][] {
  const tiles = (w: Wall | z.infer<typeof layout>, where: string) =>
    Object.entries(w.pinned).map(([i, c]): [string, string] => [c, `${where} tile ${i}`]);
  return [
    ...(p.wall ? tiles(p.wall, 'wall') : []),
    ...Object.entries(p.windows ?? {}).flatMap(([k, w]) => tiles(w, `window ${k}`)),
    ...(p.layouts ?? []).flatMap((l) => tiles(l, `layout "${l.name}"`)),
    ...(p.tours ?? []).flatMap((t) => t.cameras.map((c): [string, string] => [c, `tour "${t.name}"`])),
  ];
}
