// Stream compaction over fixed blocks (the region's indices are blocks):
// count what each block keeps, then, once the main side has turned the counts
// into each block's first output index, copy the kept elements there in
// order. What is kept: mask[i] != 0 (compact), or src[i] <op> value (filter).
// Both loops are branch-free: every element is written at the next output
// index, which only advances for the ones kept.

import { TYPE_F32, TYPE_F64, TYPE_I32 } from "./element-types";

/** Comparisons, as src/algorithms/compact.ts numbers them. */
const OP_LT: i32 = 0;
const OP_LE: i32 = 1;
const OP_GT: i32 = 2;
const OP_GE: i32 = 3;
const OP_EQ: i32 = 4;
const OP_NE: i32 = 5;

// The comparison as a type parameter, so that each is compiled as its own
// loop: passed as constants to inlined functions, Binaryen folded the six
// copies into one loop that chose the comparison at every element (as it
// did the scan's ops: assembly/scan.ts). Told apart by size and sign.
type Lt = u8;
type Le = i8;
type Gt = u16;
type Ge = i16;
type Eq = u32;
type Ne = i32;
/** compact: keep where the mask byte is non-zero. */
type Mask = f64;

// @ts-ignore: decorator
@inline function is<O, P>(): bool {
  return sizeof<O>() == sizeof<P>() && isSigned<O>() == isSigned<P>() && isFloat<O>() == isFloat<P>();
}

/** Whether x <O> value, with JavaScript's semantics (every element type converts to f64 exactly). */
// @ts-ignore: decorator
@inline function test<O>(x: f64, value: f64): bool {
  if (is<O, Lt>()) return x < value;
  if (is<O, Le>()) return x <= value;
  if (is<O, Gt>()) return x > value;
  if (is<O, Ge>()) return x >= value;
  if (is<O, Eq>()) return x == value;
  return x != value;
}

/** What filter keeps: src[i] (of type T) <O> value; compact (O Mask): mask byte i (T = u8) non-zero. */
// @ts-ignore: decorator
@inline function kept<T, O>(at: usize, value: f64): bool {
  if (is<O, Mask>()) return load<u8>(at) != 0;
  return test<O>(<f64>load<T>(at), value);
}

// @ts-ignore: decorator
@inline function countBlocks<T, O>(keep: usize, n: i32, block: i32, value: f64, counts: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const lo = blk * block;
    const hi = min(n, lo + block);
    let count: u32 = 0;
    for (let i = lo; i < hi; i++) count += <u32>kept<T, O>(keep + (<usize>i << alignof<T>()), value);
    store<u32>(counts + (<usize>blk << 2), count);
  }
}

// @ts-ignore: decorator
@inline function copyKept<T, E, O>(keep: usize, src: usize, dst: usize, n: i32, block: i32, value: f64, offsets: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const lo = blk * block;
    const hi = min(n, lo + block);
    let to = <usize>load<u32>(offsets + (<usize>blk << 2));
    const last = <usize>load<u32>(offsets + (<usize>(blk + 1) << 2));
    // Every element is stored at dst[to]; only a kept one advances to. While
    // to < last a kept element is still to come and overwrites the slot, so
    // no store leaves this block's output range.
    for (let i = lo; i < hi && to < last; i++) {
      store<E>(dst + (to << alignof<E>()), load<E>(src + (<usize>i << alignof<E>())));
      to += <usize>kept<T, O>(keep + (<usize>i << alignof<T>()), value);
    }
  }
}

// @ts-ignore: decorator
@inline function countByOp<T>(op: i32, keep: usize, n: i32, block: i32, value: f64, counts: usize, begin: i32, end: i32): void {
  if (op == OP_LT) countBlocks<T, Lt>(keep, n, block, value, counts, begin, end);
  else if (op == OP_LE) countBlocks<T, Le>(keep, n, block, value, counts, begin, end);
  else if (op == OP_GT) countBlocks<T, Gt>(keep, n, block, value, counts, begin, end);
  else if (op == OP_GE) countBlocks<T, Ge>(keep, n, block, value, counts, begin, end);
  else if (op == OP_EQ) countBlocks<T, Eq>(keep, n, block, value, counts, begin, end);
  else if (op == OP_NE) countBlocks<T, Ne>(keep, n, block, value, counts, begin, end);
  else unreachable();
}

// @ts-ignore: decorator
@inline function copyByOp<T>(op: i32, src: usize, dst: usize, n: i32, block: i32, value: f64, offsets: usize, begin: i32, end: i32): void {
  if (op == OP_LT) copyKept<T, T, Lt>(src, src, dst, n, block, value, offsets, begin, end);
  else if (op == OP_LE) copyKept<T, T, Le>(src, src, dst, n, block, value, offsets, begin, end);
  else if (op == OP_GT) copyKept<T, T, Gt>(src, src, dst, n, block, value, offsets, begin, end);
  else if (op == OP_GE) copyKept<T, T, Ge>(src, src, dst, n, block, value, offsets, begin, end);
  else if (op == OP_EQ) copyKept<T, T, Eq>(src, src, dst, n, block, value, offsets, begin, end);
  else if (op == OP_NE) copyKept<T, T, Ne>(src, src, dst, n, block, value, offsets, begin, end);
  else unreachable();
}

/** Blocks [begin, end): how many of each block's elements src[i] <op> value keeps, into counts[block] (u32). */
export function filterCount(type: i32, op: i32, value: f64, src: usize, n: i32, block: i32, counts: usize, begin: i32, end: i32): void {
  if (type == TYPE_F64) countByOp<f64>(op, src, n, block, value, counts, begin, end);
  else if (type == TYPE_F32) countByOp<f32>(op, src, n, block, value, counts, begin, end);
  else if (type == TYPE_I32) countByOp<i32>(op, src, n, block, value, counts, begin, end);
  else countByOp<u32>(op, src, n, block, value, counts, begin, end);
}

/**
 * Blocks [begin, end): the elements src[i] <op> value keeps, in order, to
 * dst from index offsets[block] (u32; offsets[block + 1] − offsets[block]
 * of them: offsets has blocks + 1 entries).
 */
export function filterCopy(type: i32, op: i32, value: f64, src: usize, dst: usize, n: i32, block: i32, offsets: usize, begin: i32, end: i32): void {
  if (type == TYPE_F64) copyByOp<f64>(op, src, dst, n, block, value, offsets, begin, end);
  else if (type == TYPE_F32) copyByOp<f32>(op, src, dst, n, block, value, offsets, begin, end);
  else if (type == TYPE_I32) copyByOp<i32>(op, src, dst, n, block, value, offsets, begin, end);
  else copyByOp<u32>(op, src, dst, n, block, value, offsets, begin, end);
}

/** Blocks [begin, end): how many of each block's mask bytes are non-zero, into counts[block] (u32). */
export function compactCount(mask: usize, n: i32, block: i32, counts: usize, begin: i32, end: i32): void {
  countBlocks<u8, Mask>(mask, n, block, 0, counts, begin, end);
}

/** Blocks [begin, end): src[i] (elementBytes 4 or 8) where mask[i] != 0, in order, to dst from offsets[block], as filterCopy. */
export function compactCopy(elementBytes: i32, mask: usize, src: usize, dst: usize, n: i32, block: i32, offsets: usize, begin: i32, end: i32): void {
  if (elementBytes == 8) copyKept<u8, u64, Mask>(mask, src, dst, n, block, 0, offsets, begin, end);
  else copyKept<u8, u32, Mask>(mask, src, dst, n, block, 0, offsets, begin, end);
}
