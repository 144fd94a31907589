// sortByKey's records (src/algorithms/radix-sort.ts, recordPasses): between
// its first pass and its last, each key and its value travel as one record
// (8 bytes for a 32-bit key and value, else 16: key first, value last), so a
// scatter writes one stream a digit instead of two (512 streams are more
// than the L1 cache's lines). The passes are sort.ts's, over fixed blocks.

import { countBlock } from "./sort";
import { KIND_KEYS, mapIn, mapOut, maskA, maskB, maskP, maskQ, nanAbove, nanOut } from "./radix-keys";

/** Scatter modes of radixScatterRecords: arrays to records (the first pass), records to records, records to arrays (the last). */
const TO_RECORDS: i32 = 1;
const RECORDS: i32 = 2;
const FROM_RECORDS: i32 = 3;

// Whether the first and last passes map keys (M), as a type told apart by
// its size: as a bool passed to an inlined function, Binaryen folded the two
// copies of each loop into one that tested it at every element (the .wat:
// 8 loops in radixScatterRecords32 where 12 were written).
type Keeps = u8;
type Maps = u16;

/** A record's key: its low bytes. */
// @ts-ignore: decorator
@inline function recordKey<T, S>(record: S): T {
  if (sizeof<S>() == 16) {
    if (sizeof<T>() == 8) return <T>i64x2.extract_lane(<v128>record, 0);
    return <T>i32x4.extract_lane(<v128>record, 0);
  }
  return <T>record;
}

/** Counts the digit of the keys of the records (of S) of blocks [begin, end), as sort.ts's count does keys already keys. */
// @ts-ignore: decorator
@inline function countRecords<T, S>(src: usize, n: i32, block: i32, shift: i32, bits: i32, counts: usize, begin: i32, end: i32): void {
  for (let blk = begin; blk < end; blk++) countBlock<T, S>(src, n, block, blk, shift, bits, KIND_KEYS, counts, 0, false, false);
}

/** One pass of records of S (see TO_RECORDS): keys mapped in on the way in and out on the way out, unless kind is KIND_KEYS. */
// @ts-ignore: decorator
@inline function scatterRecords<T, V, S>(src: usize, dst: usize, srcValues: usize, dstValues: usize, n: i32, block: i32,
  shift: i32, bits: i32, kind: i32, mode: i32, offsets: usize, begin: i32, end: i32): void {
  const mapped = kind != KIND_KEYS;
  for (let blk = begin; blk < end; blk++) {
    const row = offsets + (<usize>blk << <usize>bits << 2);
    const lo = blk * block;
    const hi = min(n, lo + block);
    if (mode == RECORDS) recordsRange<T, V, S>(src, dst, lo, hi, shift, bits, row);
    else if (mode == TO_RECORDS) {
      if (mapped) toRecordsRange<T, V, S, Maps>(src, dst, srcValues, lo, hi, shift, bits, kind, row);
      else toRecordsRange<T, V, S, Keeps>(src, dst, srcValues, lo, hi, shift, bits, kind, row);
    } else if (mapped) fromRecordsRange<T, V, S, Maps>(src, dst, dstValues, lo, hi, shift, bits, kind, row);
    else fromRecordsRange<T, V, S, Keeps>(src, dst, dstValues, lo, hi, shift, bits, kind, row);
  }
}

/** Keys and values [lo, hi) to records at dst[row[digit]++]. */
// @ts-ignore: decorator
@inline function toRecordsRange<T, V, S, M>(keys: usize, dst: usize, values: usize, lo: i32, hi: i32, shift: i32, bits: i32, kind: i32, row: usize): void {
  const a = maskA<T>(kind), b = maskB<T>(kind), above = nanAbove<T>(kind);
  const mask = (<T>1 << <T>bits) - 1;
  for (let i = lo; i < hi; i++) {
    let key = load<T>(keys + (<usize>i << alignof<T>()));
    if (sizeof<M>() == sizeof<Maps>()) key = mapIn<T>(key, a, b, above);
    const at = row + (<usize>((key >> <T>shift) & mask) << 2);
    const to = load<u32>(at);
    store<u32>(at, to + 1);
    const record = dst + (<usize>to << alignof<S>());
    store<T>(record, key);
    store<V>(record, load<V>(values + (<usize>i << alignof<V>())), sizeof<S>() - sizeof<V>());
  }
}

/** Records [lo, hi) to dst[row[digit]++], whole. */
// @ts-ignore: decorator
@inline function recordsRange<T, V, S>(src: usize, dst: usize, lo: i32, hi: i32, shift: i32, bits: i32, row: usize): void {
  const mask = (<T>1 << <T>bits) - 1;
  for (let i = lo; i < hi; i++) {
    const record = load<S>(src + (<usize>i << alignof<S>()));
    const key = recordKey<T, S>(record);
    const at = row + (<usize>((key >> <T>shift) & mask) << 2);
    const to = load<u32>(at);
    store<u32>(at, to + 1);
    store<S>(dst + (<usize>to << alignof<S>()), record);
  }
}

/** Records [lo, hi) to keys and values at [row[digit]++]. */
// @ts-ignore: decorator
@inline function fromRecordsRange<T, V, S, M>(src: usize, keys: usize, values: usize, lo: i32, hi: i32, shift: i32, bits: i32, kind: i32, row: usize): void {
  const p = maskP<T>(kind), q = maskQ<T>(kind), r = maskB<T>(kind), nan = nanOut<T>(kind);
  const mask = (<T>1 << <T>bits) - 1;
  for (let i = lo; i < hi; i++) {
    const record = src + (<usize>i << alignof<S>());
    const key = load<T>(record);
    const at = row + (<usize>((key >> <T>shift) & mask) << 2);
    const to = load<u32>(at);
    store<u32>(at, to + 1);
    store<T>(keys + (<usize>to << alignof<T>()), sizeof<M>() == sizeof<Maps>() ? mapOut<T>(key, p, q, r, nan) : key);
    store<V>(values + (<usize>to << alignof<V>()), load<V>(record, sizeof<S>() - sizeof<V>()));
  }
}

/** The record for keys T and values V: 8 bytes if both fit, else 16. */
// @ts-ignore: decorator
@inline function countRecordsOf<T, V>(src: usize, n: i32, block: i32, shift: i32, bits: i32, counts: usize, begin: i32, end: i32): void {
  if (sizeof<T>() + sizeof<V>() <= 8) countRecords<T, u64>(src, n, block, shift, bits, counts, begin, end);
  else countRecords<T, v128>(src, n, block, shift, bits, counts, begin, end);
}

// @ts-ignore: decorator
@inline function scatterRecordsOf<T, V>(src: usize, dst: usize, srcValues: usize, dstValues: usize, n: i32, block: i32,
  shift: i32, bits: i32, kind: i32, mode: i32, offsets: usize, begin: i32, end: i32): void {
  if (sizeof<T>() + sizeof<V>() <= 8) scatterRecords<T, V, u64>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
  else scatterRecords<T, V, v128>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
}

/** Counts a digit of records of 32-bit keys and valueBytes-byte values (see radixScatterRecords32). */
export function radixCountRecords32(src: usize, valueBytes: i32, n: i32, block: i32, shift: i32, bits: i32, counts: usize, begin: i32, end: i32): void {
  if (valueBytes == 8) countRecordsOf<u32, u64>(src, n, block, shift, bits, counts, begin, end);
  else countRecordsOf<u32, u32>(src, n, block, shift, bits, counts, begin, end);
}

/** Counts a digit of records of 64-bit keys. */
export function radixCountRecords64(src: usize, valueBytes: i32, n: i32, block: i32, shift: i32, bits: i32, counts: usize, begin: i32, end: i32): void {
  if (valueBytes == 8) countRecordsOf<u64, u64>(src, n, block, shift, bits, counts, begin, end);
  else countRecordsOf<u64, u32>(src, n, block, shift, bits, counts, begin, end);
}

/**
 * A pass of sortByKey's records, 32-bit keys: mode TO_RECORDS reads keys
 * (src) and values (srcValues, mapped in as kind says), RECORDS moves
 * records src to dst, FROM_RECORDS writes keys (dst, mapped out as kind
 * says) and values (dstValues). valueBytes 4 or 8.
 */
export function radixScatterRecords32(src: usize, dst: usize, srcValues: usize, dstValues: usize, valueBytes: i32, n: i32, block: i32,
  shift: i32, bits: i32, kind: i32, mode: i32, offsets: usize, begin: i32, end: i32): void {
  if (valueBytes == 8) scatterRecordsOf<u32, u64>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
  else scatterRecordsOf<u32, u32>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
}

/** radixScatterRecords32 for 64-bit keys. */
export function radixScatterRecords64(src: usize, dst: usize, srcValues: usize, dstValues: usize, valueBytes: i32, n: i32, block: i32,
  shift: i32, bits: i32, kind: i32, mode: i32, offsets: usize, begin: i32, end: i32): void {
  if (valueBytes == 8) scatterRecordsOf<u64, u64>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
  else scatterRecordsOf<u64, u32>(src, dst, srcValues, dstValues, n, block, shift, bits, kind, mode, offsets, begin, end);
}
