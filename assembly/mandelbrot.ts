// Mandelbrot iteration counts: compute-bound, and imbalanced (rows through the
// set cost maxIter per pixel, rows outside it a few iterations).

/**
 * Rows [begin, end) of a width × height image of iteration counts (u32 per
 * pixel) over the viewport [x0, x1] × [y0, y1].
 *
 * Code shape matters here (DESIGN.md, "Wasm performance notes"): the escape
 * test is an explicit `break` and zr², zi² are carried across iterations, so
 * Binaryen does not turn the loop condition into a value-producing `if` that
 * V8 compiles poorly.
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
      const cr = x0 + <f64>px * dx;
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
      store<u32>(row + (<usize>px << 2), i);
    }
  }
}
