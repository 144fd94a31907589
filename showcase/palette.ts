// Mandelbrot colors shared by the report's image and the demo page's canvas:
// iteration counts to sRGB through a continuous gradient. No node: import, so
// the page bundles it as it is.

/** Stops of the gradient (position in [0, 1], r, g, b): deep blue, through white, to orange and dark red, back to blue. */
const STOPS: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 7, 100], [0.16, 32, 107, 203], [0.42, 237, 255, 255], [0.6425, 255, 170, 0], [0.8575, 90, 2, 0], [1, 0, 7, 100],
]

/** Points that never escaped (count = maxIter). */
export const INSIDE_RGB: readonly [number, number, number] = [0, 0, 0]

/** The gradient at t in [0, 1], linearly between stops: no flat grey bands. */
function gradient(t: number): [number, number, number] {
  let i = 1
  while (i < STOPS.length - 1 && STOPS[i]![0] < t) i++
  const [t0, r0, g0, b0] = STOPS[i - 1]!
  const [t1, r1, g1, b1] = STOPS[i]!
  const f = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)))
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f)
  return [mix(r0, r1), mix(g0, g1), mix(b0, b1)]
}

/**
 * The color of every count 0..maxIter, as [r, g, b]. Counts are whole
 * iterations (the kernels do not return |z|, which fractional smooth coloring
 * needs), so the position is logarithmic in the count: the many low counts far
 * from the set spread over the blues, the high counts at its edge over the
 * bright part.
 */
export function countColors(maxIter: number): [number, number, number][] {
  const span = Math.log(maxIter + 1)
  return Array.from({ length: maxIter + 1 }, (_, n) => (n === maxIter ? [...INSIDE_RGB] : gradient(Math.log(n + 1) / span)))
}
