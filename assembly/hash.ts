// A counter-based hash for kernels that need reproducible randomness: the
// i-th value depends only on (seed, i), never on which thread asks or when.

/** lowbias32: a 32-bit finalizer, a bijection with good avalanche. src/kernels/reference.ts has its twin. */
// @ts-ignore: decorator
@inline export function mix32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}
