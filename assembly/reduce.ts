// Reductions over Float64 arrays: memory-bound kernels, scalar and v128.
//
// ABI: pointers are byte addresses in shared memory; [begin, end) are element
// indices. A reduce kernel returns (or writes into `out`) the partial result of
// its block only; the engine combines blocks in block order.

/** Sum of xs[begin..end). */
export function sumF64(xs: usize, begin: i32, end: i32): f64 {
  let s = 0.0;
  for (let i = begin; i < end; i++) s += load<f64>(xs + (<usize>i << 3));
  return s;
}

/** Sum of xs[begin..end) with four f64x2 accumulators (8 lanes in flight). */
export function sumF64Simd(xs: usize, begin: i32, end: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = begin;
  for (; i + 8 <= end; i += 8) {
    const p = xs + (<usize>i << 3);
    a0 = f64x2.add(a0, v128.load(p));
    a1 = f64x2.add(a1, v128.load(p, 16));
    a2 = f64x2.add(a2, v128.load(p, 32));
    a3 = f64x2.add(a3, v128.load(p, 48));
  }
  const v = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let s = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  for (; i < end; i++) s += load<f64>(xs + (<usize>i << 3));
  return s;
}

/** Dot product of xs[begin..end) and ys[begin..end). */
export function dotF64(xs: usize, ys: usize, begin: i32, end: i32): f64 {
  let s = 0.0;
  for (let i = begin; i < end; i++) {
    const o = <usize>i << 3;
    s += load<f64>(xs + o) * load<f64>(ys + o);
  }
  return s;
}

/** Dot product with four f64x2 accumulators. */
export function dotF64Simd(xs: usize, ys: usize, begin: i32, end: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = begin;
  for (; i + 8 <= end; i += 8) {
    const o = <usize>i << 3;
    const p = xs + o, q = ys + o;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p), v128.load(q)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p, 16), v128.load(q, 16)));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(p, 32), v128.load(q, 32)));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(p, 48), v128.load(q, 48)));
  }
  const v = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let s = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  for (; i < end; i++) {
    const o = <usize>i << 3;
    s += load<f64>(xs + o) * load<f64>(ys + o);
  }
  return s;
}

/** Writes min(xs[begin..end)) to out[0] and max to out[1] (out: 2 × f64). */
export function minMaxF64(xs: usize, out: usize, begin: i32, end: i32): void {
  let lo = Infinity, hi = -Infinity;
  for (let i = begin; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3));
    lo = min(lo, x);
    hi = max(hi, x);
  }
  store<f64>(out, lo);
  store<f64>(out, hi, 8);
}
