// Prime counting by trial division: compute-bound, and costlier for larger
// numbers, so equal-sized blocks do unequal work.
//
// The divisibility tests run two at a time in f64x2: q = v / [d, d + 2] is an
// integer exactly when the divisor divides v. That is exact here: v < 2^31 and
// d <= √v < 2^16, so a non-integer quotient has a fractional part of at least
// 2^-16, far above the 2^-21 rounding error of an f64 near 2^31. One f64x2.div
// replaces two integer divisions, which V8 compiles to slow `div` instructions
// in wasm and JS alike.

export function isPrimeU32(v: u32): bool {
  if (v < 2) return false;
  if (v < 4) return true;
  if ((v & 1) == 0 || v % 3 == 0) return false;
  const value = f64x2.splat(<f64>v);
  const step = f64x2.splat(6);
  let divisors = f64x2(5, 7);
  for (let d: u32 = 5; d * d <= v; d += 6) {
    const q = f64x2.div(value, divisors);
    if (v128.any_true(f64x2.eq(q, f64x2.floor(q)))) return false;
    divisors = f64x2.add(divisors, step);
  }
  return true;
}

/** Number of primes p with begin <= p < end. */
export function countPrimes(begin: i32, end: i32): i32 {
  let count = 0;
  for (let v = begin; v < end; v++) count += <i32>isPrimeU32(<u32>v);
  return count;
}
