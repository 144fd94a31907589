// The explorer's colors: iteration counts to RGBA through the report's
// gradient, and one color per worker for the tint. Pure functions, so a test
// can color reference counts exactly as the page colors the engine's.

import { countColors, INSIDE_RGB } from '../showcase/palette.js'

/** RGBA packed for a Uint32Array over ImageData bytes (little-endian: 0xAABBGGRR). */
export type PackedColor = number

const pack = (r: number, g: number, b: number): PackedColor => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0

/** Points that never escaped (count = maxIter). */
export const INSIDE: PackedColor = pack(...INSIDE_RGB)

/** The color of every count 0..maxIter, packed: the report's palette (showcase/palette.ts, also the tour report's). */
export const palette = (maxIter: number): Uint32Array =>
  Uint32Array.from(countColors(maxIter), ([r, g, b]) => pack(r, g, b))

/** Colors `counts` into `out` (same length) with `colors` from palette(). */
export function colorize(counts: ArrayLike<number>, colors: Uint32Array, out: Uint32Array): void {
  const last = colors.length - 1
  for (let i = 0; i < out.length; i++) out[i] = colors[Math.min(counts[i]!, last)]!
}

/** Worker `index`'s color: hues a golden angle apart, so neighbours differ for any team size. */
export function workerColor(index: number): PackedColor {
  const hue = (index * 137.508) % 360
  // HSL with s = 0.75, l = 0.5, to RGB.
  const f = (n: number) => {
    const k = (n + hue / 30) % 12
    return Math.round(255 * (0.5 - 0.375 * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
  }
  return pack(f(0), f(8), f(4))
}

/** `color` washed 40% toward `tint`. */
export function tinted(color: PackedColor, tint: PackedColor): PackedColor {
  const channel = (shift: number) => {
    const a = (color >>> shift) & 255
    const b = (tint >>> shift) & 255
    return Math.round(a + (b - a) * 0.4)
  }
  return pack(channel(0), channel(8), channel(16))
}

/** CSS for a packed color. */
export const css = (color: PackedColor): string =>
  `rgb(${color & 255} ${(color >>> 8) & 255} ${(color >>> 16) & 255})`
