// Seeded randomness for tests: the same inputs on every run, so a failure replays.

/** mulberry32: a small, fast 32-bit generator; returns floats in [0, 1). */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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
