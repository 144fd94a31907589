// Item kernels: plain scalar functions, one call per item, for Pool.map,
// Executor.submit and friends (Python's `pool.map(f, items)`). Unlike range
// kernels they take no pointers and no index range: f(item) → result.

import { isPrimeU32 } from "./primes";

/** x². The trivial task: its cost is all dispatch. */
export function square(x: f64): f64 {
  return x * x;
}

/** x to the power y (for starmap: items are (x, y) pairs). */
export function power(x: f64, y: f64): f64 {
  return Math.pow(x, y);
}

/** 1 if n is prime, else 0 (n an integer in [0, 2^31)). */
export function isPrime(n: f64): f64 {
  return isPrimeU32(<u32>n) ? 1 : 0;
}

/** Steps of the Collatz map from n (an integer >= 1) down to 1. */
export function collatzSteps(n: f64): f64 {
  let v = <u64>n;
  let steps = 0;
  while (v > 1) {
    v = (v & 1) ? 3 * v + 1 : v >> 1;
    steps++;
  }
  return <f64>steps;
}

/** The n-th Fibonacci number by naive recursion: a CPU-bound task of tunable cost. */
export function fibonacci(n: f64): f64 {
  return <f64>fib(<i32>n);
}

function fib(n: i32): i64 {
  return n < 2 ? <i64>n : fib(n - 1) + fib(n - 2);
}

/** √x, and an abort for negative x: an item kernel that fails on some items. */
export function checkedSqrt(x: f64): f64 {
  if (x < 0) abort("negative input");
  return Math.sqrt(x);
}
