// Draws build/resources/icon.png (1024×1024), the app icon electron-builder turns into each
// platform's format: a shield split by three bulkheads on the console's dark ground. Run with
// `node build/resources/make-icon.mjs` after changing it; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const N = 1024;
const png = new PNG({ width: N, height: N });
const ground = [17, 20, 24];
const steel = [94, 196, 182];
const seam = [17, 20, 24];

/** Signed distance to a rounded square of half-size h and radius r, centred. */
const roundedSquare = (x, y, h, r) => {
  const qx = Math.abs(x) - h + r;
  const qy = Math.abs(y) - h + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

/** Inside the shield: straight shoulders, sides curving to a point at the bottom. */
const inShield = (x, y) => {
  if (y < -330 || y > 380) return false;
  if (y < -250) return Math.abs(x) < 300 - Math.max(0, -250 - y) * 0.6;
  const t = (y + 250) / 630; // 0 at the shoulders, 1 at the point
  return Math.abs(x) < 300 * Math.sqrt(Math.max(0, 1 - t * t));
};

const seams = [-120, 40, 200];
for (let py = 0; py < N; py++) {
  for (let px = 0; px < N; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    // 4×4 supersampling for smooth edges
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const x = px + (sx + 0.5) / 4 - N / 2;
        const y = py + (sy + 0.5) / 4 - N / 2;
        if (roundedSquare(x, y, 460, 180) > 0) continue;
        const c = inShield(x, y) ? (seams.some((s) => Math.abs(y - s) < 14) ? seam : steel) : ground;
        r += c[0]; g += c[1]; b += c[2]; a += 255;
      }
    }
    const i = (py * N + px) * 4;
    const k = a / 255 || 1;
    png.data[i] = Math.round(r / k);
    png.data[i + 1] = Math.round(g / k);
    png.data[i + 2] = Math.round(b / k);
    png.data[i + 3] = Math.round(a / 16);
  }
}
writeFileSync(new URL('./icon.png', import.meta.url), PNG.sync.write(png));
