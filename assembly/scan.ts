// Prefix scans over fixed blocks (the region's indices are blocks): first
// each block's total, then, once the main side has combined the totals in
// block order into each block's carry-in, each block scanned from its carry.
// The blocks depend on n only, so the result is the same bits on any number
// of threads (src/algorithms/scan.ts).

import { TYPE_F32, TYPE_F64, TYPE_I32 } from "./element-types";

/** Operations, as src/algorithms/scan.ts numbers them. */
const OP_SUM: i32 = 0;
const OP_MIN: i32 = 1;
const OP_MAX: i32 = 2;

// @ts-ignore: decorator
@inline function combine<T>(op: i32, a: T, b: T): T {
  if (op == OP_SUM) return a + b;
  if (op == OP_MIN) return min<T>(a, b);
  return max<T>(a, b);
}

/** The op's identity for T: what an exclusive scan starts from. */
// @ts-ignore: decorator
@inline function identity<T>(op: i32): T {
  if (op == OP_SUM) return 0;
  if (isFloat<T>()) return op == OP_MIN ? <T>Infinity : <T>-Infinity;
  if (isSigned<T>()) return op == OP_MIN ? <T>i32.MAX_VALUE : <T>i32.MIN_VALUE;
  return op == OP_MIN ? <T>u32.MAX_VALUE : 0;
}

// @ts-ignore: decorator
@inline function totalsOf<T>(op: i32, src: usize, n: i32, block: i32, totals: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const lo = blk * block;
    const hi = min(n, lo + block);
    let acc = identity<T>(op);
    for (let i = lo; i < hi; i++) acc = combine<T>(op, acc, load<T>(src + (<usize>i << alignof<T>())));
    store<f64>(totals + (<usize>blk << 3), <f64>acc);
  }
}

// @ts-ignore: decorator
@inline function scanFrom<T>(op: i32, exclusive: bool, src: usize, dst: usize, n: i32, block: i32, carries: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const lo = blk * block;
    const hi = min(n, lo + block);
    const slot = carries + (<usize>blk << 3);
    let acc = <T>load<f64>(slot);
    if (exclusive) {
      for (let i = lo; i < hi; i++) {
        const at = <usize>i << alignof<T>();
        const x = load<T>(src + at);
        store<T>(dst + at, acc);
        acc = combine<T>(op, acc, x);
      }
    } else {
      for (let i = lo; i < hi; i++) {
        const at = <usize>i << alignof<T>();
        acc = combine<T>(op, acc, load<T>(src + at));
        store<T>(dst + at, acc);
      }
    }
    // The carry-out: the last block's is the scan's total.
    store<f64>(slot, <f64>acc);
  }
}

// @ts-ignore: decorator
@inline function totalsByOp<T>(op: i32, src: usize, n: i32, block: i32, totals: usize, begin: i32, end: i32): void {
  if (op == OP_SUM) totalsOf<T>(OP_SUM, src, n, block, totals, begin, end);
  else if (op == OP_MIN) totalsOf<T>(OP_MIN, src, n, block, totals, begin, end);
  else totalsOf<T>(OP_MAX, src, n, block, totals, begin, end);
}

// @ts-ignore: decorator
@inline function scanByOp<T>(op: i32, exclusive: bool, src: usize, dst: usize, n: i32, block: i32, carries: usize, begin: i32, end: i32): void {
  if (op == OP_SUM) {
    if (exclusive) scanFrom<T>(OP_SUM, true, src, dst, n, block, carries, begin, end);
    else scanFrom<T>(OP_SUM, false, src, dst, n, block, carries, begin, end);
  } else if (op == OP_MIN) {
    if (exclusive) scanFrom<T>(OP_MIN, true, src, dst, n, block, carries, begin, end);
    else scanFrom<T>(OP_MIN, false, src, dst, n, block, carries, begin, end);
  } else if (exclusive) scanFrom<T>(OP_MAX, true, src, dst, n, block, carries, begin, end);
  else scanFrom<T>(OP_MAX, false, src, dst, n, block, carries, begin, end);
}

/**
 * Blocks [begin, end) of `block` elements of src (n elements of `type`):
 * each block's total under `op`, from the identity, left to right, into
 * totals[block] (f64, which holds every value of the four types exactly).
 */
export function scanTotals(type: i32, op: i32, src: usize, n: i32, block: i32, totals: usize, begin: i32, end: i32): void {
  if (type == TYPE_F64) totalsByOp<f64>(op, src, n, block, totals, begin, end);
  else if (type == TYPE_F32) totalsByOp<f32>(op, src, n, block, totals, begin, end);
  else if (type == TYPE_I32) totalsByOp<i32>(op, src, n, block, totals, begin, end);
  else totalsByOp<u32>(op, src, n, block, totals, begin, end);
}

/**
 * Blocks [begin, end): each scanned into dst from its carry-in,
 * carries[block] (f64); the carry-out replaces it. dst may be src.
 */
export function scanBlocks(type: i32, op: i32, exclusive: i32, src: usize, dst: usize, n: i32, block: i32, carries: usize, begin: i32, end: i32): void {
  const ex = exclusive != 0;
  if (type == TYPE_F64) scanByOp<f64>(op, ex, src, dst, n, block, carries, begin, end);
  else if (type == TYPE_F32) scanByOp<f32>(op, ex, src, dst, n, block, carries, begin, end);
  else if (type == TYPE_I32) scanByOp<i32>(op, ex, src, dst, n, block, carries, begin, end);
  else scanByOp<u32>(op, ex, src, dst, n, block, carries, begin, end);
}
