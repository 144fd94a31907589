// The report's picture of the mandelbrot image the run computed: its
// iteration counts colored with the demo page's palette, as an inline PNG in
// an SVG figure, so the report stays one self-contained file.

import { countColors } from '../palette.js'
import { encodePng } from './png.js'
import type { Figure } from './step.js'

/** Longest side of the embedded picture in px: a 1024² run is shown at half size, every other pixel. */
const MAX_SIDE = 512

/**
 * A figure of a side × side image of `counts` (row-major). maxIter is taken
 * as the largest count: the points inside the set reach it.
 */
export function mandelbrotFigure(counts: Uint32Array, caption: string): Figure {
  const side = Math.round(Math.sqrt(counts.length))
  if (side * side !== counts.length || side < 1) throw new RangeError(`counts must be a square image, got ${counts.length} counts`)
  let maxIter = 0
  for (const count of counts) if (count > maxIter) maxIter = count
  const colors = countColors(maxIter)
  const step = Math.max(1, Math.ceil(side / MAX_SIDE))
  const size = Math.ceil(side / step)
  const rgba = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b] = colors[counts[y * step * side + x * step]!]!
      rgba.set([r, g, b, 255], (y * size + x) * 4)
    }
  }
  const png = encodePng(size, size, rgba).toString('base64')
  return {
    caption,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" class="mandelbrot-image" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
      `<title>${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>` +
      `<image width="${size}" height="${size}" href="data:image/png;base64,${png}"/></svg>`,
  }
}
