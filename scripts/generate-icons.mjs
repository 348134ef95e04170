#!/usr/bin/env node
// Draw the app's icons (resources/icon.png for the installers, resources/tray/*.png for the tray)
// from a few shapes, with zlib for the PNG encoding: no image tool or binary asset source needed,
// and the output is the same bytes on every machine. `node scripts/generate-icons.mjs [directory]`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of `size`×`size` from `pixel(x, y)` → [r, g, b, a] (x, y in 0..1). */
export function encodePng(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes: (x, y) in the unit square → inside or not.
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const box = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundedBox = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const any =
  (...shapes) =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
/** The gateway mark: an arch (the upper half of a ring) standing on two legs. */
function arch(cx, cy, inner, outer, foot) {
  const ring = (x, y) => {
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    return y <= cy && d >= inner * inner && d <= outer * outer;
  };
  return any(ring, box(cx - outer, cy, cx - inner, foot), box(cx + inner, cy, cx + outer, foot));
}

/**
 * Coverage of `shape` over one pixel: 4×4 samples for the small tray icons, 2×2 for the large app
 * icon (its pixels are small enough already, and it draws four times faster).
 */
function coverage(shape, px, py, size) {
  const n = size >= 256 ? 2 : 4;
  let hits = 0;
  for (let sy = 0; sy < n; sy++)
    for (let sx = 0; sx < n; sx++)
      if (shape((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)) hits++;
  return hits / (n * n);
}

/** A picture: layers painted in order, each a shape and a colour (alpha 0 cuts through). */
function paint(size, layers) {
  return encodePng(size, (px, py) => {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (const { shape, color } of layers) {
      const c = coverage(shape, px, py, size);
      if (c === 0) continue;
      if (color[3] === 0) {
        a *= 1 - c;
        continue;
      }
      const na = c + a * (1 - c);
      r = (color[0] * c + r * a * (1 - c)) / na;
      g = (color[1] * c + g * a * (1 - c)) / na;
      b = (color[2] * c + b * a * (1 - c)) / na;
      a = na;
    }
    return [Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)];
  });
}

const white = [255, 255, 255, 255];
const black = [0, 0, 0, 255];
const clear = [0, 0, 0, 0];
const stateColors = { running: [22, 163, 74, 255], paused: [217, 119, 6, 255], error: [220, 38, 38, 255] };
/** What a tray icon shows inside its disc: the arch (running), two bars (paused), "!" (error). */
const glyphs = {
  running: arch(0.5, 0.55, 0.12, 0.24, 0.74),
  paused: any(box(0.33, 0.29, 0.45, 0.71), box(0.55, 0.29, 0.67, 0.71)),
  error: any(box(0.44, 0.24, 0.56, 0.58), disc(0.5, 0.72, 0.07)),
};

export function icons() {
  const files = {
    'icon.png': paint(1024, [
      { shape: roundedBox(0.06, 0.06, 0.94, 0.94, 0.2), color: [67, 56, 202, 255] },
      { shape: arch(0.5, 0.52, 0.16, 0.28, 0.78), color: white },
      { shape: disc(0.5, 0.62, 0.055), color: white },
    ]),
  };
  for (const [state, color] of Object.entries(stateColors)) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ]) {
      files[`tray/tray-${state}${suffix}.png`] = paint(size, [
        { shape: disc(0.5, 0.5, 0.46), color },
        { shape: glyphs[state], color: white },
      ]);
      // macOS template: black with alpha, the glyph cut out; the menu bar tints it.
      files[`tray/tray-${state}Template${suffix}.png`] = paint(size, [
        { shape: disc(0.5, 0.5, 0.46), color: black },
        { shape: glyphs[state], color: clear },
      ]);
    }
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const target = path.resolve(process.argv[2] ?? path.join(root, 'resources'));
  for (const [name, bytes] of Object.entries(icons())) {
    mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    writeFileSync(path.join(target, name), bytes);
  }
}
