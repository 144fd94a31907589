// The taps of a Gaussian blur of a given sigma, as the integers the two pass
// kernels (gaussianRowsRgba, gaussianColumnsRgba) take. Computed once here,
// not in every chunk of a kernel: kernels do not allocate, so a table of taps
// is an argument like any view.

import { rangeError, typeError } from '../errors.js'

/** Smallest and largest sigma (pixels): below 0.5 the blur is a copy, above 32 a window passes 193 taps. */
export const SIGMA = { min: 0.5, max: 32 } as const
/** The taps of the whole window sum to this (16.16 fixed point). */
export const GAUSSIAN_ONE = 65536

/**
 * Integer taps [w0, w1, …, wR] of a Gaussian of `sigma` pixels, R = ceil(3·sigma):
 * w_k = floor(65536 · g(k) / Σ g) for k >= 1, and w0 takes what is left so
 * that w0 + 2·(w1 + … + wR) = 65 536 exactly (a flat image stays flat).
 * Flooring (not rounding) the sides keeps the taps falling off from the
 * centre for every sigma: w0 only gains the sides' remainders. The window is
 * radius = length - 1 pixels either side.
 */
export function gaussianWeights(sigma: number): Int32Array {
  if (typeof sigma !== 'number') throw typeError('sigma', 'a number of pixels', sigma)
  if (!(sigma >= SIGMA.min && sigma <= SIGMA.max)) throw rangeError('sigma', `a number in [${SIGMA.min}, ${SIGMA.max}] (pixels)`, sigma)
  const radius = Math.ceil(3 * sigma)
  const g = Array.from({ length: radius + 1 }, (_, k) => Math.exp(-(k * k) / (2 * sigma * sigma)))
  const total = g[0]! + 2 * g.slice(1).reduce((sum, x) => sum + x, 0)
  const weights = new Int32Array(radius + 1)
  let sides = 0
  for (let k = 1; k <= radius; k++) sides += weights[k] = Math.floor((GAUSSIAN_ONE * g[k]!) / total)
  weights[0] = GAUSSIAN_ONE - 2 * sides
  return weights
}
