// Seeded randomness for tests: the same inputs on every run, so a failure replays.

import { random } from '../../src/random.js'

export { random }

/** Fills `view` with floats in [lo, hi). */
export function fillFloats(view: Float64Array, next: () => number, lo = -1, hi = 1): Float64Array {
  for (let i = 0; i < view.length; i++) view[i] = lo + (hi - lo) * next()
  return view
}

/** Fills `view` with uniform 32-bit integers. */
export function fillU32(view: Uint32Array, next: () => number): Uint32Array {
  for (let i = 0; i < view.length; i++) view[i] = Math.floor(next() * 4294967296)
  return view
}

/** |a - b| <= tolerance · max(1, |b|). */
export const close = (a: number, b: number, tolerance: number): boolean =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b))
