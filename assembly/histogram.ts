// 256-bin histogram of a Uint32 array: bin = value >>> 24 (the top byte).

/**
 * Counts xs[begin..end) into out[0..256) (out: 256 × u32, this block's own).
 * Four words per step from one v128 load, shifted to bins in one i32x4 op.
 */
export function histogramU32(xs: usize, out: usize, begin: i32, end: i32): void {
  memory.fill(out, 0, 256 << 2);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const bins = v128.shr<u32>(v128.load(xs + (<usize>i << 2)), 24);
    bump(out, i32x4.extract_lane(bins, 0));
    bump(out, i32x4.extract_lane(bins, 1));
    bump(out, i32x4.extract_lane(bins, 2));
    bump(out, i32x4.extract_lane(bins, 3));
  }
  for (; i < end; i++) bump(out, <i32>(load<u32>(xs + (<usize>i << 2)) >>> 24));
}

// @ts-ignore: decorator
@inline function bump(out: usize, bin: i32): void {
  const p = out + (<usize>bin << 2);
  store<u32>(p, load<u32>(p) + 1);
}
