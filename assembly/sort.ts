// LSD radix sort, one pass at a time, over fixed blocks of the array (the
// region's indices are blocks): count a digit per block, then scatter each
// block's elements to the offsets the main side computed from the counts.
// Keys are unsigned integers whose order is the sort order (radix-keys.ts);
// values are mapped to keys on the first pass and back on the last.
// sortByKey with two passes or more moves records instead (sort-records.ts).

import { countDigit, KIND_KEYS, mapIn, mapOut, maskA, maskB, maskP, maskQ, nanAbove, nanOut } from "./radix-keys";

/**
 * Blocks [begin, end) of `block` elements of src (n in all): each block's
 * counts of the digit (key >> shift) & (2^bits − 1) into its row of
 * counts (2^bits u32 a block). On the first pass (spread is not 0) also
 * the AND and OR of its keys into spread[block] (4 words: and, or; 64-bit
 * keys as lo, hi pairs), so the main side knows which digits vary at all;
 * unless kind is KIND_KEYS, the values are mapped to keys as they are read.
 */
function count<T>(src: usize, n: i32, block: i32, shift: i32, bits: i32, kind: i32, counts: usize, spread: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const slot = spread + (<usize>blk << 4);
    // A loop for each, so that the later passes' (the keys are keys) does no mapping and no spread;
    // a first pass whose digit does not vary is counted again at the first digit that does, mapped.
    if (kind == KIND_KEYS) {
      if (spread == 0) countBlock<T, T>(src, n, block, blk, shift, bits, kind, counts, 0, false, false);
      else countBlock<T, T>(src, n, block, blk, shift, bits, kind, counts, slot, true, false);
    } else if (spread == 0) countBlock<T, T>(src, n, block, blk, shift, bits, kind, counts, 0, false, true);
    else countBlock<T, T>(src, n, block, blk, shift, bits, kind, counts, slot, true, true);
  }
}

/**
 * Block blk's counts of the digit into its row of counts, its keys (T) the
 * first bytes of elements of S (T itself, or sort-records.ts's records);
 * mapped in (maps), and their AND and OR into slot (first), as count says.
 */
// @ts-ignore: decorator
@inline export function countBlock<T, S>(src: usize, n: i32, block: i32, blk: i32, shift: i32, bits: i32, kind: i32, counts: usize,
  slot: usize, first: bool, maps: bool): void {
  const row = counts + (<usize>blk << <usize>bits << 2);
  memory.fill(row, 0, <usize>4 << <usize>bits);
  const lo = blk * block;
  const hi = min(n, lo + block);
  const a = maskA<T>(kind), b = maskB<T>(kind), above = nanAbove<T>(kind);
  const mask = (<T>1 << <T>bits) - 1;
  let all: T = <T>-1, any: T = 0;
  let i = lo;
  // Four keys a turn: the spread's AND and OR then carry one step a turn, not one a key (their
  // chains, one a key, had doubled the first count's time: 10M u32, 6.2 → 14.6 ms of work).
  for (; i + 4 <= hi; i += 4) {
    const p = src + (<usize>i << alignof<S>());
    let k0 = load<T>(p), k1 = load<T>(p, sizeof<S>()), k2 = load<T>(p, 2 * sizeof<S>()), k3 = load<T>(p, 3 * sizeof<S>());
    if (maps) {
      k0 = mapIn<T>(k0, a, b, above);
      k1 = mapIn<T>(k1, a, b, above);
      k2 = mapIn<T>(k2, a, b, above);
      k3 = mapIn<T>(k3, a, b, above);
    }
    if (first) {
      all &= (k0 & k1) & (k2 & k3);
      any |= (k0 | k1) | (k2 | k3);
    }
    countDigit<T>(row, k0, shift, mask);
    countDigit<T>(row, k1, shift, mask);
    countDigit<T>(row, k2, shift, mask);
    countDigit<T>(row, k3, shift, mask);
  }
  for (; i < hi; i++) {
    let key = load<T>(src + (<usize>i << alignof<S>()));
    if (maps) key = mapIn<T>(key, a, b, above);
    if (first) {
      all &= key;
      any |= key;
    }
    countDigit<T>(row, key, shift, mask);
  }
  if (first) {
    store<T>(slot, all);
    store<T>(slot + 8, any);
  }
}

/**
 * Scatters blocks [begin, end) of src to dst: element i of block blk goes to
 * dst[offsets[blk][digit]++], so each block's elements keep their order
 * within a digit (stable). Values (valueBytes 0, 4 or 8; 0: none) move with
 * their keys. kindIn maps src to keys (first pass), kindOut keys to dst
 * (last pass); KIND_KEYS for neither.
 */
function scatter<T>(src: usize, dst: usize, srcValues: usize, dstValues: usize, valueBytes: i32, n: i32, block: i32,
  shift: i32, bits: i32, kindIn: i32, kindOut: i32, offsets: usize, begin: i32, end: i32): void {
  if (valueBytes == 8) scatterMapped<T, u64>(src, dst, srcValues, dstValues, n, block, shift, bits, kindIn, kindOut, offsets, begin, end);
  else if (valueBytes == 4) scatterMapped<T, u32>(src, dst, srcValues, dstValues, n, block, shift, bits, kindIn, kindOut, offsets, begin, end);
  else scatterMapped<T, void>(src, dst, srcValues, dstValues, n, block, shift, bits, kindIn, kindOut, offsets, begin, end);
}

/** One loop for each of: map in or not, map out or not (the middle passes do neither, and run twice as fast for it). */
// @ts-ignore: decorator
@inline function scatterMapped<T, V>(src: usize, dst: usize, srcValues: usize, dstValues: usize, n: i32, block: i32,
  shift: i32, bits: i32, kindIn: i32, kindOut: i32, offsets: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) {
    const row = offsets + (<usize>blk << <usize>bits << 2);
    const lo = blk * block;
    const hi = min(n, lo + block);
    if (kindIn != KIND_KEYS) scatterRange<T, V>(src, dst, srcValues, dstValues, lo, hi, shift, bits, kindIn, kindOut, row, true, kindOut != KIND_KEYS);
    else if (kindOut != KIND_KEYS) scatterRange<T, V>(src, dst, srcValues, dstValues, lo, hi, shift, bits, kindIn, kindOut, row, false, true);
    else scatterRange<T, V>(src, dst, srcValues, dstValues, lo, hi, shift, bits, kindIn, kindOut, row, false, false);
  }
}

/** Elements [lo, hi) to dst[row[digit]++], mapped in and out as the flags say (constants once inlined). */
// @ts-ignore: decorator
@inline function scatterRange<T, V>(src: usize, dst: usize, srcValues: usize, dstValues: usize, lo: i32, hi: i32,
  shift: i32, bits: i32, kindIn: i32, kindOut: i32, row: usize, mapsIn: bool, mapsOut: bool): void {
  const a = maskA<T>(kindIn), b = maskB<T>(kindIn), above = nanAbove<T>(kindIn);
  const p = maskP<T>(kindOut), q = maskQ<T>(kindOut), r = maskB<T>(kindOut), nan = nanOut<T>(kindOut);
  const mask = (<T>1 << <T>bits) - 1;
  for (let i = lo; i < hi; i++) {
    let key = load<T>(src + (<usize>i << alignof<T>()));
    if (mapsIn) key = mapIn<T>(key, a, b, above);
    const at = row + (<usize>((key >> <T>shift) & mask) << 2);
    const to = load<u32>(at);
    store<u32>(at, to + 1);
    store<T>(dst + (<usize>to << alignof<T>()), mapsOut ? mapOut<T>(key, p, q, r, nan) : key);
    if (!isVoid<V>()) store<V>(dstValues + (<usize>to << alignof<V>()), load<V>(srcValues + (<usize>i << alignof<V>())));
  }
}

/** count over 32-bit keys (Uint32Array, Int32Array, Float32Array). */
export function radixCount32(src: usize, n: i32, block: i32, shift: i32, bits: i32, kind: i32, counts: usize, spread: usize, begin: i32, end: i32): void {
  count<u32>(src, n, block, shift, bits, kind, counts, spread, begin, end);
}

/** count over 64-bit keys (Float64Array). */
export function radixCount64(src: usize, n: i32, block: i32, shift: i32, bits: i32, kind: i32, counts: usize, spread: usize, begin: i32, end: i32): void {
  count<u64>(src, n, block, shift, bits, kind, counts, spread, begin, end);
}

/** scatter of 32-bit keys. */
export function radixScatter32(src: usize, dst: usize, srcValues: usize, dstValues: usize, valueBytes: i32, n: i32, block: i32,
  shift: i32, bits: i32, kindIn: i32, kindOut: i32, offsets: usize, begin: i32, end: i32): void {
  scatter<u32>(src, dst, srcValues, dstValues, valueBytes, n, block, shift, bits, kindIn, kindOut, offsets, begin, end);
}

/** scatter of 64-bit keys. */
export function radixScatter64(src: usize, dst: usize, srcValues: usize, dstValues: usize, valueBytes: i32, n: i32, block: i32,
  shift: i32, bits: i32, kindIn: i32, kindOut: i32, offsets: usize, begin: i32, end: i32): void {
  scatter<u64>(src, dst, srcValues, dstValues, valueBytes, n, block, shift, bits, kindIn, kindOut, offsets, begin, end);
}

/** Copies blocks [begin, end) of `block` bytes (bytes in all) from src to dst. */
export function copyBlocks(src: usize, dst: usize, bytes: i32, block: i32, begin: i32, end: i32): void {
  const lo = begin * block;
  const hi = min(bytes, end * block);
  if (hi > lo) memory.copy(dst + <usize>lo, src + <usize>lo, <usize>(hi - lo));
}
