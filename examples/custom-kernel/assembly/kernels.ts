// Your own kernels for sabre: plain functions over pointers and index ranges
// (range kernels) or over numbers (item kernels). No allocation: compile with
// --runtime stub and keep static data read-only (see sabre's README).

/** sabre's arena starts where this module's static data ends. */
export function heapBase(): usize {
  return __heap_base;
}

/** Range kernel: xs[i] *= factor for i in [begin, end). */
export function scaleF64(xs: usize, factor: f64, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) {
    const p = xs + (<usize>i << 3);
    store<f64>(p, load<f64>(p) * factor);
  }
}

/** Range reduction: the sum of xs[i]² over [begin, end). */
export function sumSquaresF64(xs: usize, begin: i32, end: i32): f64 {
  let s = 0.0;
  for (let i = begin; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3));
    s += x * x;
  }
  return s;
}

/** Item kernel: the length of the vector (x, y). */
export function hypot(x: f64, y: f64): f64 {
  return Math.sqrt(x * x + y * y);
}
