import { PNG } from 'pngjs';

/** The app's accent colour: Teams paints it behind the colour icon. */
export const ACCENT = { hex: '#1E5AA8', rgb: [0x1e, 0x5a, 0xa8] } as const;

type Point = readonly [number, number];
/** A shape in unit coordinates: (0,0) top left, (1,1) bottom right. */
type Shape = (x: number, y: number) => boolean;

const roundedRect =
  (left: number, top: number, right: number, bottom: number, r: number): Shape =>
  (x, y) => {
    const dx = Math.max(left + r - x, 0, x - (right - r));
    const dy = Math.max(top + r - y, 0, y - (bottom - r));
    return x >= left && x <= right && y >= top && y <= bottom && dx * dx + dy * dy <= r * r;
  };

const triangle =
  (a: Point, b: Point, c: Point): Shape =>
  (x, y) => {
    const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
    const s1 = side(a, b);
    const s2 = side(b, c);
    const s3 = side(c, a);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

/** A shape's rim `width` wide: inside, but near enough to the outside. */
const rim = (shape: Shape, width: number): Shape => {
  const around = Array.from({ length: 12 }, (_, i) => [
    Math.cos((i * Math.PI) / 6) * width,
    Math.sin((i * Math.PI) / 6) * width,
  ]);
  return (x, y) => shape(x, y) && around.some(([dx = 0, dy = 0]) => !shape(x + dx, y + dy));
};

/** A speech bubble with three dots: "talk to the hotline". */
const BUBBLE = union(
  roundedRect(0.16, 0.2, 0.84, 0.7, 0.12),
  triangle([0.28, 0.62], [0.46, 0.62], [0.24, 0.86]),
);
const DOTS = union(circle(0.33, 0.45, 0.06), circle(0.5, 0.45, 0.06), circle(0.67, 0.45, 0.06));

type Rgba = readonly [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [255, 255, 255, 0];
const ACCENT_RGBA: Rgba = [...ACCENT.rgb, 255];

/** Paints `size`×`size` pixels, 4×4 samples each so edges are smooth. */
function rasterize(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [red, green, blue, alpha] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [r, g, b, a] = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          red += r * a;
          green += g * a;
          blue += b * a;
          alpha += a;
        }
      }
      // Colour averaged over what is painted, so transparent samples do not darken edges.
      const i = (py * size + px) * 4;
      png.data[i] = alpha === 0 ? 255 : Math.round(red / alpha);
      png.data[i + 1] = alpha === 0 ? 255 : Math.round(green / alpha);
      png.data[i + 2] = alpha === 0 ? 255 : Math.round(blue / alpha);
      png.data[i + 3] = Math.round(alpha / (n * n));
    }
  }
  return PNG.sync.write(png);
}

/** 192×192, full colour: a white bubble on the accent colour. */
export function colorIcon(): Buffer {
  return rasterize(192, (x, y) => (DOTS(x, y) ? ACCENT_RGBA : BUBBLE(x, y) ? WHITE : ACCENT_RGBA));
}

/** 32×32 as Teams requires for the outline icon: white on transparent, nothing else. */
export function outlineIcon(): Buffer {
  const outline = union(rim(BUBBLE, 2 / 32), DOTS);
  return rasterize(32, (x, y) => (outline(x, y) ? WHITE : CLEAR));
}
