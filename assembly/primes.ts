// Prime counting by trial division: compute-bound, and costlier for larger
// numbers, so equal-sized blocks do unequal work.

function isPrime(v: u32): bool {
  if (v < 2) return false;
  if (v < 4) return true;
  if ((v & 1) == 0 || v % 3 == 0) return false;
  for (let d: u32 = 5; d * d <= v; d += 6) {
    if (v % d == 0 || v % (d + 2) == 0) return false;
  }
  return true;
}

/** Number of primes p with begin <= p < end. */
export function countPrimes(begin: i32, end: i32): i32 {
  let count = 0;
  for (let v = begin; v < end; v++) count += <i32>isPrime(<u32>v);
  return count;
}
