// Radix sort keys: values of each element type as unsigned integers whose
// order is the sort order, and back (see src/algorithms/element-types.ts,
// which numbers the kinds the same way). assembly/sort.ts and
// sort-records.ts map on their first pass and back on their last.
//
//   value bits ──mapIn──▶ key ── digit (key >> shift) & (2^bits − 1)
//   key ──mapOut──▶ value bits (identity until the last pass)
//
// Both maps are branch-free: key = bits ^ ((signs(bits) & A) ^ B), with NaN
// sent to the all-ones key (after every number, as TypedArray#sort puts it);
// value = key ^ ((signs(key) ^ P) & Q) ^ R, the all-ones key back to NaN.

/** Keys already mapped (the identity), then element type × direction. */
export const KIND_KEYS: i32 = 0;
const KIND_U32: i32 = 1;
const KIND_I32: i32 = 3;
const KIND_F32: i32 = 5;
const KIND_F64: i32 = 7;

// @ts-ignore: decorator
@inline function signs<T>(x: T): T {
  if (sizeof<T>() == 8) return <T>(<i64>x >> 63);
  return <T>(<i32>x >> 31);
}

// @ts-ignore: decorator
@inline function signBit<T>(): T {
  return sizeof<T>() == 8 ? <T>0x8000000000000000 : <T>0x80000000;
}

// @ts-ignore: decorator
@inline function isDescending(kind: i32): bool {
  return kind != KIND_KEYS && ((kind - 1) & 1) == 1;
}

// @ts-ignore: decorator
@inline function typeOf(kind: i32): i32 {
  return kind - <i32>isDescending(kind);
}

// @ts-ignore: decorator
@inline function isFloat(kind: i32): bool {
  return typeOf(kind) == KIND_F32 || typeOf(kind) == KIND_F64;
}

/** mapIn's A: flips every bit but the sign of negative floats. */
// @ts-ignore: decorator
@inline export function maskA<T>(kind: i32): T {
  return isFloat(kind) ? ~signBit<T>() : 0;
}

/** mapIn's B (and mapOut's R): the bits every key of this kind flips. */
// @ts-ignore: decorator
@inline export function maskB<T>(kind: i32): T {
  const type = typeOf(kind);
  const descending = isDescending(kind);
  if (type == KIND_U32) return descending ? <T>-1 : 0;
  if (type == KIND_I32 || isFloat(kind)) return descending ? ~signBit<T>() : signBit<T>();
  return 0;
}

/** Bits (sign cleared) above which a float is NaN; all ones for integers and keys. */
// @ts-ignore: decorator
@inline export function nanAbove<T>(kind: i32): T {
  if (!isFloat(kind)) return <T>-1;
  return sizeof<T>() == 8 ? <T>0x7FF0000000000000 : <T>0x7F800000;
}

/** mapOut's P and Q: undo A for keys of negative floats (their top bit clear ascending, set descending). */
// @ts-ignore: decorator
@inline export function maskP<T>(kind: i32): T {
  return isFloat(kind) && !isDescending(kind) ? <T>-1 : 0;
}

// @ts-ignore: decorator
@inline export function maskQ<T>(kind: i32): T {
  return isFloat(kind) ? ~signBit<T>() : 0;
}

/** What the all-ones key becomes: a quiet NaN for floats, the value the map gives for others. */
// @ts-ignore: decorator
@inline export function nanOut<T>(kind: i32): T {
  if (isFloat(kind)) return sizeof<T>() == 8 ? <T>0x7FF8000000000000 : <T>0x7FC00000;
  return ~maskB<T>(kind);
}

// @ts-ignore: decorator
@inline export function mapIn<T>(bits: T, a: T, b: T, nanAbove: T): T {
  return select<T>(<T>-1, bits ^ ((signs<T>(bits) & a) ^ b), (bits & ~signBit<T>()) > nanAbove);
}

// @ts-ignore: decorator
@inline export function mapOut<T>(key: T, p: T, q: T, r: T, nan: T): T {
  return select<T>(nan, key ^ ((signs<T>(key) ^ p) & q) ^ r, key == <T>-1);
}

/** Counts key's digit (key >> shift) & mask in row (u32 counts). */
// @ts-ignore: decorator
@inline export function countDigit<T>(row: usize, key: T, shift: i32, mask: T): void {
  const at = row + (<usize>((key >> <T>shift) & mask) << 2);
  store<u32>(at, load<u32>(at) + 1);
}
