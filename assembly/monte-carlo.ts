// Monte Carlo estimate of π with a counter-based generator: sample i is a pure
// function of (seed, i), so the count is the same for any thread count,
// schedule or chunking. The TypeScript reference uses the same hash.

import { mix32 } from "./hash";
const INV_2_32: f64 = 1.0 / 4294967296.0;

/** How many of samples [begin, end) fall inside the unit quarter circle. */
export function monteCarloPi(seed: u32, begin: i32, end: i32): i32 {
  const key = mix32(seed ^ 0x9e3779b9);
  let inside = 0;
  for (let i = begin; i < end; i++) {
    const c = <u32>i << 1;
    const x = <f64>mix32(c ^ key) * INV_2_32;
    const y = <f64>mix32((c | 1) ^ key) * INV_2_32;
    inside += <i32>(x * x + y * y < 1.0);
  }
  return inside;
}
