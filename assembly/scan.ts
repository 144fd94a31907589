// Prefix scans over fixed blocks (the region's indices are blocks, claimed
// in order): each block's total t (four running totals, see blockTotal),
// its carry-in c, the fold of the totals before it in block order
// (c0 = identity, c(b+1) = c(b) ⊕ t(b)), and the block scanned from its
// carry. The blocks depend on n only, so the result is the same bits on any
// number of threads (src/algorithms/scan.ts).
//
// One region (scanChained): a block reads its elements once from memory
// for its total, finds its carry from its predecessors' published state
// (a look-back: an inclusive prefix, or totals to fold onto an earlier
// one), publishes its own inclusive prefix, then rescans its elements from
// the cache into dst. A predecessor that has published nothing yet is
// waited for briefly and then summed here instead, so no block ever waits
// on another for long: a member that traps or is descheduled cannot hang
// the region, and the bits do not change (the same fold, whoever does it).

/** A block's published state (u32 per block): nothing yet, its total, its inclusive prefix too. */
const STATE_NONE: u32 = 0;
const STATE_TOTAL: u32 = 1;
const STATE_INCLUSIVE: u32 = 2;
/** Loads of a predecessor's state before summing its block here instead. */
const LOOK_BACK_SPINS: i32 = 4096;

import { TYPE_F32, TYPE_F64, TYPE_I32 } from "./element-types";

/** Operations, as src/algorithms/scan.ts numbers them. */
const OP_SUM: i32 = 0;
const OP_MIN: i32 = 1;
const OP_MAX: i32 = 2;

// The op and the inclusive/exclusive choice are type parameters, told apart
// by their size, so that each scan is compiled with its own loop: as values
// (constants passed to inlined functions) Binaryen folded the six copies
// back into one loop that chose the op at every element (a 10M-element f64
// sum on 1 thread: 13.4 → 8.4 ms).
type Sum = u8;
type Min = u16;
type Max = u32;
type Inclusive = u8;
type Exclusive = u16;

// @ts-ignore: decorator
@inline function combine<T, O>(a: T, b: T): T {
  if (sizeof<O>() == sizeof<Sum>()) return a + b;
  if (sizeof<O>() == sizeof<Min>()) return min<T>(a, b);
  return max<T>(a, b);
}

/** The op's identity for T: what an exclusive scan starts from. */
// @ts-ignore: decorator
@inline function identity<T, O>(): T {
  if (sizeof<O>() == sizeof<Sum>()) return 0;
  const isMin = sizeof<O>() == sizeof<Min>();
  if (isFloat<T>()) return isMin ? <T>Infinity : <T>-Infinity;
  if (isSigned<T>()) return isMin ? <T>i32.MAX_VALUE : <T>i32.MIN_VALUE;
  return isMin ? <T>u32.MAX_VALUE : 0;
}

/**
 * The total of block blk: four running totals from the op's identity, of
 * the elements whose index in the block is 0, 1, 2 and 3 mod 4, combined as
 * (t0 ⊕ t1) ⊕ (t2 ⊕ t3). Four chains of adds instead of one, so the total
 * costs a read of the block rather than a float add's latency per element
 * (only a float sum's bits depend on the order; the reference follows it).
 */
// @ts-ignore: decorator
@inline function blockTotal<T, O>(src: usize, n: i32, block: i32, blk: i32): T {
  const lo = blk * block;
  const hi = min(n, lo + block);
  let t0 = identity<T, O>(), t1 = t0, t2 = t0, t3 = t0;
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const p = src + (<usize>i << alignof<T>());
    t0 = combine<T, O>(t0, load<T>(p));
    t1 = combine<T, O>(t1, load<T>(p, sizeof<T>()));
    t2 = combine<T, O>(t2, load<T>(p, 2 * sizeof<T>()));
    t3 = combine<T, O>(t3, load<T>(p, 3 * sizeof<T>()));
  }
  if (i < hi) t0 = combine<T, O>(t0, load<T>(src + (<usize>i << alignof<T>())));
  if (i + 1 < hi) t1 = combine<T, O>(t1, load<T>(src + (<usize>(i + 1) << alignof<T>())));
  if (i + 2 < hi) t2 = combine<T, O>(t2, load<T>(src + (<usize>(i + 2) << alignof<T>())));
  return combine<T, O>(combine<T, O>(t0, t1), combine<T, O>(t2, t3));
}

/**
 * Scans elements [lo, hi) into dst from carry; returns the carry-out. In
 * groups of four from lo: the group's own prefixes s1 = x0 ⊕ x1, s2 = s1 ⊕ x2,
 * s3 = s2 ⊕ x3 (which need no carry), then acc ⊕ x0, acc ⊕ s1, acc ⊕ s2 and
 * acc ⊕ s3, the last the next group's carry. The one chain of dependent
 * combines is acc's, a quarter as long as element by element (a 10M-element
 * f64 sum on 1 thread: 11.7–12.3 → 9.0–9.3 ms, medians of 31 calls); the
 * reference follows the same order (only a float sum's bits depend on it).
 * An exclusive scan stores each group's carries one element later.
 */
// @ts-ignore: decorator
@inline function rescan<T, O, E>(src: usize, dst: usize, lo: i32, hi: i32, carry: T): T {
  const exclusive = sizeof<E>() == sizeof<Exclusive>();
  let acc = carry;
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const at = <usize>i << alignof<T>();
    const p = src + at, q = dst + at;
    const x0 = load<T>(p), x1 = load<T>(p, sizeof<T>()), x2 = load<T>(p, 2 * sizeof<T>()), x3 = load<T>(p, 3 * sizeof<T>());
    const s1 = combine<T, O>(x0, x1);
    const s2 = combine<T, O>(s1, x2);
    const s3 = combine<T, O>(s2, x3);
    if (exclusive) {
      store<T>(q, acc);
      store<T>(q, combine<T, O>(acc, x0), sizeof<T>());
      store<T>(q, combine<T, O>(acc, s1), 2 * sizeof<T>());
      store<T>(q, combine<T, O>(acc, s2), 3 * sizeof<T>());
      acc = combine<T, O>(acc, s3);
    } else {
      store<T>(q, combine<T, O>(acc, x0));
      store<T>(q, combine<T, O>(acc, s1), sizeof<T>());
      store<T>(q, combine<T, O>(acc, s2), 2 * sizeof<T>());
      acc = combine<T, O>(acc, s3);
      store<T>(q, acc, 3 * sizeof<T>());
    }
  }
  for (; i < hi; i++) {
    const at = <usize>i << alignof<T>();
    const x = load<T>(src + at);
    if (exclusive) store<T>(dst + at, acc);
    acc = combine<T, O>(acc, x);
    if (!exclusive) store<T>(dst + at, acc);
  }
  return acc;
}

/**
 * Blocks [begin, end) in one pass each: total, look-back, publish, rescan.
 * state: u32 states (blocks of them, rounded up to 8 bytes), then f64
 * totals, then f64 inclusive prefixes c(b+1) (the last block's slot ends
 * as the scan's total, its carry-out). States start at STATE_NONE.
 */
// @ts-ignore: decorator
@inline function scanChainedOf<T, O, E>(src: usize, dst: usize, n: i32, block: i32, blocks: i32, state: usize, begin: i32, end: i32): void {
  const states = state;
  const totals = state + ((<usize>blocks * 4 + 7) & ~7);
  const inclusive = totals + (<usize>blocks << 3);
  for (let blk = begin; blk < end; blk++) {
    const total = blockTotal<T, O>(src, n, block, blk);
    store<f64>(totals + (<usize>blk << 3), <f64>total);
    // Release: the total is written before its state says so.
    atomic.store<u32>(states + (<usize>blk << 2), STATE_TOTAL);
    // Look back to the nearest inclusive prefix (or the start), then fold the totals after it forward.
    let k = blk - 1;
    for (; k >= 0; k--) {
      let seen = atomic.load<u32>(states + (<usize>k << 2));
      for (let spin = 0; seen == STATE_NONE && spin < LOOK_BACK_SPINS; spin++) seen = atomic.load<u32>(states + (<usize>k << 2));
      if (seen == STATE_INCLUSIVE) break;
    }
    let carry = k < 0 ? identity<T, O>() : <T>load<f64>(inclusive + (<usize>k << 3));
    for (let j = k + 1; j < blk; j++) {
      const seen = atomic.load<u32>(states + (<usize>j << 2));
      const t = seen == STATE_NONE ? blockTotal<T, O>(src, n, block, j) : <T>load<f64>(totals + (<usize>j << 3));
      carry = combine<T, O>(carry, t);
    }
    store<f64>(inclusive + (<usize>blk << 3), <f64>combine<T, O>(carry, total));
    atomic.store<u32>(states + (<usize>blk << 2), STATE_INCLUSIVE);
    // The rescan reads the block from the cache the total just filled.
    const lo = blk * block;
    const hi = min(n, lo + block);
    const acc = rescan<T, O, E>(src, dst, lo, hi, carry);
    // The scan's total is the last block's carry-out (no block reads its inclusive prefix).
    if (blk == blocks - 1) store<f64>(inclusive + (<usize>blk << 3), <f64>acc);
  }
}

// @ts-ignore: decorator
@inline function scanChainedByOp<T>(op: i32, exclusive: bool, src: usize, dst: usize, n: i32, block: i32, blocks: i32, state: usize, begin: i32, end: i32): void {
  if (op == OP_SUM) {
    if (exclusive) scanChainedOf<T, Sum, Exclusive>(src, dst, n, block, blocks, state, begin, end);
    else scanChainedOf<T, Sum, Inclusive>(src, dst, n, block, blocks, state, begin, end);
  } else if (op == OP_MIN) {
    if (exclusive) scanChainedOf<T, Min, Exclusive>(src, dst, n, block, blocks, state, begin, end);
    else scanChainedOf<T, Min, Inclusive>(src, dst, n, block, blocks, state, begin, end);
  } else if (op == OP_MAX) {
    if (exclusive) scanChainedOf<T, Max, Exclusive>(src, dst, n, block, blocks, state, begin, end);
    else scanChainedOf<T, Max, Inclusive>(src, dst, n, block, blocks, state, begin, end);
  } else unreachable();
}

/**
 * The whole scan in one region (see the top of this file): blocks [begin,
 * end) of `blocks`, each total, look-back, rescan into dst. dst may be src.
 */
export function scanChained(type: i32, op: i32, exclusive: i32, src: usize, dst: usize, n: i32, block: i32, blocks: i32, state: usize, begin: i32, end: i32): void {
  const ex = exclusive != 0;
  if (type == TYPE_F64) scanChainedByOp<f64>(op, ex, src, dst, n, block, blocks, state, begin, end);
  else if (type == TYPE_F32) scanChainedByOp<f32>(op, ex, src, dst, n, block, blocks, state, begin, end);
  else if (type == TYPE_I32) scanChainedByOp<i32>(op, ex, src, dst, n, block, blocks, state, begin, end);
  else scanChainedByOp<u32>(op, ex, src, dst, n, block, blocks, state, begin, end);
}
