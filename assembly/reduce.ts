// Reductions over Float64 arrays: memory-bound kernels, scalar and v128.
//
// ABI: pointers are byte addresses in shared memory; [begin, end) are element
// indices. A reduce kernel returns (or writes into `out`) the partial result of
// its block only; the engine combines blocks in block order.

/**
 * Sum of xs[begin..end) in four scalar accumulators: four independent add
 * chains keep the FPU busy where one chain waits on each add's latency.
 */
export function sumF64(xs: usize, begin: i32, end: i32): f64 {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const p = xs + (<usize>i << 3);
    s0 += load<f64>(p);
    s1 += load<f64>(p, 8);
    s2 += load<f64>(p, 16);
    s3 += load<f64>(p, 24);
  }
  for (; i < end; i++) s0 += load<f64>(xs + (<usize>i << 3));
  return (s0 + s1) + (s2 + s3);
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

/** Dot product of xs[begin..end) and ys[begin..end), in four scalar accumulators. */
export function dotF64(xs: usize, ys: usize, begin: i32, end: i32): f64 {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 3;
    const p = xs + o, q = ys + o;
    s0 += load<f64>(p) * load<f64>(q);
    s1 += load<f64>(p, 8) * load<f64>(q, 8);
    s2 += load<f64>(p, 16) * load<f64>(q, 16);
    s3 += load<f64>(p, 24) * load<f64>(q, 24);
  }
  for (; i < end; i++) {
    const o = <usize>i << 3;
    s0 += load<f64>(xs + o) * load<f64>(ys + o);
  }
  return (s0 + s1) + (s2 + s3);
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

/**
 * Writes min(xs[begin..end)) to out[0] and max to out[1] (out: 2 × f64), with
 * the semantics of Math.min/Math.max: NaN wins, and -0 < +0.
 *
 * The fast path uses f64x2.pmin/pmax (one instruction each, but no NaN or
 * signed-zero rules, unlike f64.min, which V8 expands into a branchy
 * sequence). Any NaN or zero in the block sends it to the exact scalar loop.
 */
export function minMaxF64(xs: usize, out: usize, begin: i32, end: i32): void {
  let lo0 = f64x2.splat(Infinity), lo1 = lo0;
  let hi0 = f64x2.splat(-Infinity), hi1 = hi0;
  const zero = f64x2.splat(0);
  let special = v128.splat<i64>(0);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const p = xs + (<usize>i << 3);
    const a = v128.load(p), b = v128.load(p, 16);
    lo0 = f64x2.pmin(lo0, a);
    lo1 = f64x2.pmin(lo1, b);
    hi0 = f64x2.pmax(hi0, a);
    hi1 = f64x2.pmax(hi1, b);
    // NaN (x != x) or ±0 (x == 0): lanes whose order pmin/pmax cannot settle.
    special = v128.or(special, v128.or(
      v128.or(f64x2.ne(a, a), f64x2.ne(b, b)),
      v128.or(f64x2.eq(a, zero), f64x2.eq(b, zero))));
  }
  if (v128.any_true(special)) {
    minMaxExact(xs, out, begin, end);
    return;
  }
  const lo = f64x2.pmin(lo0, lo1), hi = f64x2.pmax(hi0, hi1);
  let l = min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  let h = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  for (; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3));
    l = min(l, x);
    h = max(h, x);
  }
  store<f64>(out, l);
  store<f64>(out, h, 8);
}

function minMaxExact(xs: usize, out: usize, begin: i32, end: i32): void {
  let lo = Infinity, hi = -Infinity;
  for (let i = begin; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3));
    lo = min(lo, x);
    hi = max(hi, x);
  }
  store<f64>(out, lo);
  store<f64>(out, hi, 8);
}
