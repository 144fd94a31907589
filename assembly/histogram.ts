// 256-bin histogram of a Uint32 array: bin = value >>> 24 (the top byte).

/** Counts xs[begin..end) into out[0..256) (out: 256 × u32, this block's own). */
export function histogramU32(xs: usize, out: usize, begin: i32, end: i32): void {
  memory.fill(out, 0, 256 << 2);
  for (let i = begin; i < end; i++) {
    const bin = out + (<usize>(load<u32>(xs + (<usize>i << 2)) >>> 24) << 2);
    store<u32>(bin, load<u32>(bin) + 1);
  }
}
