// Privacy masks burned into exported footage: the masked areas as opaque polygons on a transparent picture of the
// video's size, overlaid by ffmpeg (the export is then re-encoded: stream copy cannot hide anything).
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

/** Polygons with [x, y] vertices as fractions of the width and height (the analytics' privacy masks). */
export type NormalisedPolygon = ReadonlyArray<readonly [number, number]>;

/** Writes a PNG, `width` x `height`, black where a mask is, transparent elsewhere. */
export async function writeMaskPng(
  masks: readonly NormalisedPolygon[],
  width: number,
  height: number,
  outFile: string,
) {
  const polys = masks
    .map(
      (m) =>
        `<polygon points="${m.map(([x, y]) => `${(x * width).toFixed(1)},${(y * height).toFixed(1)}`).join(' ')}" fill="#000"/>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${polys}</svg>`;
  await writeFile(outFile, await sharp(Buffer.from(svg)).png().toBuffer());
}
