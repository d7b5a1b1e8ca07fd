/**
 * Draws the app's icon and writes build/icon.png (512×512, Linux and the window) and
 * build/icon.ico (16, 24, 32, 48, 64, 128, 256: Windows, the installer): a blue rounded square with a
 * white person (a customer) and a small card. Plain Node (zlib), no image library:
 *   npx tsx scripts/make-icon.ts
 * The files are committed; run it again only to change the icon.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_DIR = path.join(root, 'build');

type RGBA = [number, number, number, number];
const BLUE: RGBA = [30, 91, 184, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const LIGHT: RGBA = [173, 204, 247, 255];

/** The shape's colour at (x, y) in 0…1 coordinates, or null outside it. */
function shade(x: number, y: number): RGBA | null {
  // Rounded square with 18 % corners.
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // Head and shoulders.
  if ((x - 0.42) ** 2 + (y - 0.36) ** 2 < 0.13 ** 2) return WHITE;
  if (y > 0.56 && y < 0.8 && (x - 0.42) ** 2 / 0.25 ** 2 + (y - 0.8) ** 2 / 0.25 ** 2 < 1) return WHITE;
  // A card with two lines beside them.
  if (x > 0.64 && x < 0.84 && y > 0.44 && y < 0.72) {
    if (x > 0.68 && x < 0.8 && ((y > 0.5 && y < 0.54) || (y > 0.6 && y < 0.64))) return BLUE;
    return LIGHT;
  }
  return BLUE;
}

/** RGBA pixels of the icon at `size`, 4×4 supersampled for smooth edges. */
export function drawIcon(size: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          if (!c) continue;
          for (let i = 0; i < 3; i++) acc[i] += c[i] * c[3];
          acc[3] += c[3];
        }
      }
      const o = (y * size + x) * 4;
      const a = acc[3] / (n * n);
      for (let i = 0; i < 3; i++) px[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
      px[o + 3] = Math.round(a);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG (8-bit RGBA) of the icon at `size`. */
export function iconPng(size: number): Buffer {
  const px = drawIcon(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** A Windows .ico holding one PNG per size (Vista and later read PNG entries). */
export function iconIco(sizes = ICO_SIZES): Buffer {
  const images = sizes.map(iconPng);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size; // 0 means 256
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.mkdirSync(ICON_DIR, { recursive: true });
  fs.writeFileSync(path.join(ICON_DIR, 'icon.png'), iconPng(512));
  fs.writeFileSync(path.join(ICON_DIR, 'icon.ico'), iconIco());
  console.log(`wrote ${path.join(ICON_DIR, 'icon.png')} and icon.ico`);
}
