// Mandelbrot iteration counts: compute-bound, and imbalanced (rows through the
// set cost maxIter per pixel, rows outside it a few iterations).

/**
 * Iterations before z = z² + c leaves the radius-2 disc, at most maxIter.
 *
 * Code shape matters here (docs/design.md, "Wasm performance notes"): the escape
 * test is an explicit `break` and zr², zi² are carried across iterations, so
 * Binaryen does not turn the loop condition into a value-producing `if` that
 * V8 compiles poorly.
 */
// @ts-ignore: decorator
@inline function escapeCount(cr: f64, ci: f64, maxIter: i32): i32 {
  let zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
  let i = 0;
  while (i < maxIter) {
    if (zr2 + zi2 > 4.0) break;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
    zr2 = zr * zr;
    zi2 = zi * zi;
    i++;
  }
  return i;
}

/**
 * Rows [begin, end) of a width × height image of iteration counts (u32 per
 * pixel) over the viewport [x0, x1] × [y0, y1].
 */
export function mandelbrot(
  image: usize, width: i32, height: i32,
  x0: f64, y0: f64, x1: f64, y1: f64, maxIter: i32,
  begin: i32, end: i32
): void {
  const dx = (x1 - x0) / <f64>width;
  const dy = (y1 - y0) / <f64>height;
  for (let py = begin; py < end; py++) {
    const ci = y0 + <f64>py * dy;
    const row = image + ((<usize>py * <usize>width) << 2);
    for (let px = 0; px < width; px++) {
      store<u32>(row + (<usize>px << 2), escapeCount(x0 + <f64>px * dx, ci, maxIter));
    }
  }
}

/**
 * The same image, two pixels per step in f64x2 lanes. Each lane does exactly
 * the scalar kernel's operations and stops counting, for good, at the first
 * step where the scalar loop would break; so the counts match bit for bit.
 */
export function mandelbrotSimd(
  image: usize, width: i32, height: i32,
  x0: f64, y0: f64, x1: f64, y1: f64, maxIter: i32,
  begin: i32, end: i32
): void {
  const dx = (x1 - x0) / <f64>width;
  const dy = (y1 - y0) / <f64>height;
  const four = f64x2.splat(4.0);
  const two = f64x2.splat(2.0);
  for (let py = begin; py < end; py++) {
    const ciScalar = y0 + <f64>py * dy;
    const ci = f64x2.splat(ciScalar);
    const row = image + ((<usize>py * <usize>width) << 2);
    let px = 0;
    for (; px + 2 <= width; px += 2) {
      const cr = f64x2(x0 + <f64>px * dx, x0 + <f64>(px + 1) * dx);
      let zr = f64x2.splat(0), zi = zr, zr2 = zr, zi2 = zr;
      let counts = i64x2.splat(0);
      // All-ones lanes are still iterating. Like the scalar `> 4` test, a NaN
      // magnitude does not count as escaped.
      let active = i64x2.splat(-1);
      for (let i = 0; i < maxIter; i++) {
        active = v128.andnot(active, f64x2.gt(f64x2.add(zr2, zi2), four));
        if (!v128.any_true(active)) break;
        counts = i64x2.sub(counts, active);
        zi = f64x2.add(f64x2.mul(f64x2.mul(two, zr), zi), ci);
        zr = f64x2.add(f64x2.sub(zr2, zi2), cr);
        zr2 = f64x2.mul(zr, zr);
        zi2 = f64x2.mul(zi, zi);
      }
      store<u32>(row + (<usize>px << 2), <u32>i64x2.extract_lane(counts, 0));
      store<u32>(row + (<usize>(px + 1) << 2), <u32>i64x2.extract_lane(counts, 1));
    }
    if (px < width) store<u32>(row + (<usize>px << 2), escapeCount(x0 + <f64>px * dx, ciScalar, maxIter));
  }
}
