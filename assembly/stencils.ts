// Stencils over RGBA images (4 bytes a pixel, row-major, width * 4 bytes a
// row): each output row reads a few rows of src around it and writes only its
// own row of dst, so rows are the parallel index. Pixels outside the image
// read as the nearest edge pixel. src/kernels/image-reference.ts holds the
// definitions these must equal byte for byte.
//
// Every kernel works on blocks of four pixels (one v128) in the interior and
// pixel by pixel (one pixel's four channels in a v128) where a block's
// neighbourhood would leave the image; both paths do the same integer
// arithmetic, so which one ran a pixel never shows in the result.

// ─── edges and pixels ───────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function clampIndex(i: i32, size: i32): i32 {
  return i < 0 ? 0 : i >= size ? size - 1 : i;
}

/** Address of row y (clamped into the image). */
// @ts-ignore: decorator
@inline function rowAt(image: usize, y: i32, height: i32, rowBytes: usize): usize {
  return image + <usize>clampIndex(y, height) * rowBytes;
}

/** The pixel at `p` as four u16 lanes (R, G, B, A); loads its 4 bytes only, so the image's last pixel never reads past it. */
// @ts-ignore: decorator
@inline function pixelU16(p: usize): v128 {
  return i16x8.extend_low_i8x16_u(v128.load32_zero(p));
}

/** The pixel at `p` as four u32 lanes (R, G, B, A). */
// @ts-ignore: decorator
@inline function pixelLanes(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(pixelU16(p));
}

/** Four u32 lanes (each <= 255) packed back into one RGBA pixel at `p`. */
// @ts-ignore: decorator
@inline function storePixel(p: usize, lanes: v128): void {
  const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(lanes, lanes), lanes);
  v128.store32_lane(p, bytes, 0);
}

// ─── box blur ───────────────────────────────────────────────────────────────

/**
 * floor((sum + count / 2) / count) lane by lane, for sums < 2^24 and counts
 * <= 65 025: the f32 quotient of two exact integers is correctly rounded, and
 * its distance to the next integer (>= 1/count) exceeds half an ulp below 256.
 */
// @ts-ignore: decorator
@inline function roundedMean(sums: v128, count: i32): v128 {
  const n = f32x4.convert_i32x4_u(i32x4.add(sums, i32x4.splat(count >> 1)));
  return i32x4.trunc_sat_f32x4_u(f32x4.div(n, f32x4.splat(<f32>count)));
}

/**
 * Sum of column x over rows y - radius .. y + radius (clamped), four u16
 * lanes of one pixel (each <= 255 · 255).
 */
// @ts-ignore: decorator
@inline function columnSum(src: usize, x: i32, y: i32, width: i32, height: i32, radius: i32, rowBytes: usize): v128 {
  const column = src + (<usize>x << 2);
  const top = y - radius, bottom = y + radius;
  const first = max(top, 0), last = min(bottom, height - 1);
  let sum = i16x8.splat(0);
  for (let row = first; row <= last; row++) sum = i16x8.add(sum, pixelU16(column + <usize>row * rowBytes));
  // Rows above the image read row 0, rows below it the last row.
  if (top < 0) sum = i16x8.add(sum, i16x8.mul(pixelU16(column), i16x8.splat(<i16>-top)));
  if (bottom >= height) {
    sum = i16x8.add(sum, i16x8.mul(pixelU16(column + <usize>(height - 1) * rowBytes), i16x8.splat(<i16>(bottom - height + 1))));
  }
  return i32x4.extend_low_i16x8_u(sum);
}

/**
 * One row of the box blur for any radius: a sliding sum along the row (a
 * column enters, a column leaves), each column summed down the window. Cost
 * per pixel: two column sums of 2·radius + 1 loads, whatever the radius².
 */
function boxRowSliding(src: usize, out: usize, y: i32, width: i32, height: i32, radius: i32, rowBytes: usize): void {
  const count = (2 * radius + 1) * (2 * radius + 1);
  const last = width - 1;
  // Window of pixel 0: columns -radius..radius, the ones left of the image read column 0.
  let window = i32x4.mul(columnSum(src, 0, y, width, height, radius, rowBytes), i32x4.splat(radius + 1));
  for (let dx = 1; dx <= radius; dx++) window = i32x4.add(window, columnSum(src, min(dx, last), y, width, height, radius, rowBytes));
  for (let x = 0; x < width; x++) {
    storePixel(out + (<usize>x << 2), roundedMean(window, count));
    const entering = min(x + radius + 1, last), leaving = max(x - radius, 0);
    if (entering != leaving) {
      window = i32x4.add(window, i32x4.sub(
        columnSum(src, entering, y, width, height, radius, rowBytes),
        columnSum(src, leaving, y, width, height, radius, rowBytes)));
    }
  }
}

/**
 * One row of the 3×3 box blur, four pixels a step. Each block's column sums
 * down the three rows are made once, as u16 lanes of pixel pairs (x, x+1)
 * and (x+2, x+3), and shifted by one pixel against its neighbours' for the
 * horizontal sums. The mean floor((s + 4) / 9) is round(s / 9) (no s/9 of
 * an integer s lies within 1/18 of a half), which q15mulr computes as
 * (s · 3641 + 2^14) >> 15: off from s/9 by under 0.008 for s <= 2 295.
 */
function boxRow3(src: usize, out: usize, y: i32, width: i32, height: i32, rowBytes: usize): void {
  const above = rowAt(src, y - 1, height, rowBytes);
  const here = src + <usize>y * rowBytes;
  const below = rowAt(src, y + 1, height, rowBytes);
  const ninth = i16x8.splat(3641);
  // Pixel 0 and the pixels whose block's right neighbour would leave the image go the general way.
  boxRowEdge(src, out, y, width, height, rowBytes, 0, min(1, width));
  let x = 1;
  if (width >= 9) {
    // Column sums of pixels 0..3 (the block before x = 4 needs only pixel 3), then of the block at x.
    let previous = columns3High(above, here, below, 0);
    let low = columns3Low(above, here, below, 16), high = columns3High(above, here, below, 16);
    boxRowEdge(src, out, y, width, height, rowBytes, 1, 4);
    x = 4;
    for (; x + 8 <= width; x += 4) {
      const o = <usize>(x + 4) << 2;
      const nextLow = columns3Low(above, here, below, o), nextHigh = columns3High(above, here, below, o);
      // Pixel pairs (x-1, x), (x+1, x+2) and (x+3, x+4).
      const left = i8x16.shuffle(previous, low, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
      const middle = i8x16.shuffle(low, high, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
      const right = i8x16.shuffle(high, nextLow, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
      const lowMean = i16x8.q15mulr_sat_s(i16x8.add(i16x8.add(left, low), middle), ninth);
      const highMean = i16x8.q15mulr_sat_s(i16x8.add(i16x8.add(middle, high), right), ninth);
      v128.store(out + (<usize>x << 2), i8x16.narrow_i16x8_u(lowMean, highMean));
      previous = high;
      low = nextLow;
      high = nextHigh;
    }
  }
  boxRowEdge(src, out, y, width, height, rowBytes, x, width);
}

/** Column sums down three rows of the pixel pair at byte offset `o` (u16 lanes). */
// @ts-ignore: decorator
@inline function columns3Low(a: usize, b: usize, c: usize, o: usize): v128 {
  return i16x8.add(i16x8.add(v128.load8x8_u(a + o), v128.load8x8_u(b + o)), v128.load8x8_u(c + o));
}

/** columns3Low of the pixel pair 8 bytes further on. */
// @ts-ignore: decorator
@inline function columns3High(a: usize, b: usize, c: usize, o: usize): v128 {
  return i16x8.add(i16x8.add(v128.load8x8_u(a + o, 8), v128.load8x8_u(b + o, 8)), v128.load8x8_u(c + o, 8));
}

/** Pixels [from, to) of a 3×3 box row, one at a time (edges, narrow images). */
function boxRowEdge(src: usize, out: usize, y: i32, width: i32, height: i32, rowBytes: usize, from: i32, to: i32): void {
  for (let x = from; x < to; x++) {
    let sum = i32x4.splat(0);
    for (let dx = -1; dx <= 1; dx++) sum = i32x4.add(sum, columnSum(src, clampIndex(x + dx, width), y, width, height, 1, rowBytes));
    storePixel(out + (<usize>x << 2), roundedMean(sum, 9));
  }
}

/**
 * Rows [begin, end) of dst = the box blur of src: each channel (alpha too)
 * the mean of the (2·radius+1)² neighbourhood, rounded half up. radius 0
 * copies; radius is at most 127 (the catalog checks it), where a window's
 * sum stays below 2^24 and its count below 65 026, so roundedMean is exact.
 */
export function boxBlurRgba(src: usize, dst: usize, width: i32, height: i32, radius: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>width << 2;
  if (radius <= 0) {
    if (end > begin) memory.copy(dst + <usize>begin * rowBytes, src + <usize>begin * rowBytes, <usize>(end - begin) * rowBytes);
    return;
  }
  for (let y = begin; y < end; y++) {
    const out = dst + <usize>y * rowBytes;
    if (radius == 1) boxRow3(src, out, y, width, height, rowBytes);
    else boxRowSliding(src, out, y, width, height, radius, rowBytes);
  }
}

// ─── Sobel ──────────────────────────────────────────────────────────────────

/**
 * Grey of the four pixels at `p`, (77·R + 150·G + 29·B + 128) >> 8, one u32
 * lane each: dot products of u16 channels give (77·R + 150·G, 29·B) pairs.
 */
// @ts-ignore: decorator
@inline function grey4(p: usize): v128 {
  const pixels = v128.load(p);
  const weights = i16x8(77, 150, 29, 0, 77, 150, 29, 0);
  const low = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(pixels), weights);
  const high = i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(pixels), weights);
  const sum = i32x4.add(i32x4.shuffle(low, high, 0, 2, 4, 6), i32x4.shuffle(low, high, 1, 3, 5, 7));
  return i32x4.shr_u(i32x4.add(sum, i32x4.splat(128)), 8);
}

/**
 * min(255, floor(sqrt(gx² + gy²) + 0.5)) as the pixels (m, m, m, 255). In f32:
 * below 255.5 the root is at least 4.9e-4 from a rounding boundary, far above
 * f32's error there, so it equals the f64 reference (checked exhaustively).
 */
// @ts-ignore: decorator
@inline function magnitude(gx: v128, gy: v128): v128 {
  const squares = i32x4.add(i32x4.mul(gx, gx), i32x4.mul(gy, gy));
  const root = f32x4.sqrt(f32x4.convert_i32x4_u(squares));
  const m = i32x4.min_u(i32x4.trunc_sat_f32x4_u(f32x4.add(root, f32x4.splat(0.5))), i32x4.splat(255));
  return v128.or(v128.or(m, i32x4.shl(m, 8)), v128.or(i32x4.shl(m, 16), i32x4.splat(0xff000000)));
}

// @ts-ignore: decorator
@inline function greyAt(row: usize, x: i32): i32 {
  const p = load<u32>(row + (<usize>x << 2));
  return <i32>((77 * (p & 255) + 150 * ((p >> 8) & 255) + 29 * ((p >> 16) & 255) + 128) >> 8);
}

/** Pixels [from, to) of a Sobel row, one at a time with clamped columns (edges, narrow images). */
function sobelRowEdge(above: usize, here: usize, below: usize, out: usize, width: i32, from: i32, to: i32): void {
  for (let x = from; x < to; x++) {
    const l = clampIndex(x - 1, width), r = clampIndex(x + 1, width);
    const gx = (greyAt(above, r) + 2 * greyAt(here, r) + greyAt(below, r)) - (greyAt(above, l) + 2 * greyAt(here, l) + greyAt(below, l));
    const gy = (greyAt(below, l) + 2 * greyAt(below, x) + greyAt(below, r)) - (greyAt(above, l) + 2 * greyAt(above, x) + greyAt(above, r));
    v128.store32_lane(out + (<usize>x << 2), magnitude(i32x4.splat(gx), i32x4.splat(gy)), 0);
  }
}

/**
 * Rows [begin, end) of dst = the Sobel gradient magnitude of src's grey
 * (77·R + 150·G + 29·B + 128) >> 8, as opaque grey pixels.
 */
export function sobelRgba(src: usize, dst: usize, width: i32, height: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>width << 2;
  for (let y = begin; y < end; y++) {
    const above = rowAt(src, y - 1, height, rowBytes);
    const here = src + <usize>y * rowBytes;
    const below = rowAt(src, y + 1, height, rowBytes);
    const out = dst + <usize>y * rowBytes;
    // Blocks of four columns x..x+3; greys of each row's block are computed
    // once and shifted by one column with their neighbours' (x-1 and x+4).
    // The first block's left neighbour is its own column 0 (clamped); blocks
    // run while the next block is whole, the rest go one pixel at a time.
    let x = 0;
    if (width >= 8) {
      let aC = grey4(above), bC = grey4(here), cC = grey4(below);
      let aP = i32x4.shuffle(aC, aC, 0, 0, 0, 0), bP = i32x4.shuffle(bC, bC, 0, 0, 0, 0), cP = i32x4.shuffle(cC, cC, 0, 0, 0, 0);
      for (; x + 8 <= width; x += 4) {
        const o = <usize>(x + 4) << 2;
        const aN = grey4(above + o), bN = grey4(here + o), cN = grey4(below + o);
        // Left: columns x-1..x+2; right: x+1..x+4.
        const aL = i32x4.shuffle(aP, aC, 3, 4, 5, 6), aR = i32x4.shuffle(aC, aN, 1, 2, 3, 4);
        const bL = i32x4.shuffle(bP, bC, 3, 4, 5, 6), bR = i32x4.shuffle(bC, bN, 1, 2, 3, 4);
        const cL = i32x4.shuffle(cP, cC, 3, 4, 5, 6), cR = i32x4.shuffle(cC, cN, 1, 2, 3, 4);
        const gx = i32x4.sub(i32x4.add(i32x4.add(aR, i32x4.shl(bR, 1)), cR), i32x4.add(i32x4.add(aL, i32x4.shl(bL, 1)), cL));
        const gy = i32x4.sub(i32x4.add(i32x4.add(cL, i32x4.shl(cC, 1)), cR), i32x4.add(i32x4.add(aL, i32x4.shl(aC, 1)), aR));
        v128.store(out + (<usize>x << 2), magnitude(gx, gy));
        aP = aC; bP = bC; cP = cC;
        aC = aN; bC = bN; cC = cN;
      }
    }
    sobelRowEdge(above, here, below, out, width, x, width);
  }
}

// ─── Gaussian blur: two passes ──────────────────────────────────────────────
//
// weights[0..radius] are integer taps (the centre, then ±1, ±2, …) that sum
// to 65 536 over the whole window; each pass writes
// (Σ weight · pixel + 32 768) >> 16 per channel, so a flat image stays flat.

/** Rounds 16.16 fixed-point lanes to bytes. */
// @ts-ignore: decorator
@inline function fixedToByte(acc: v128): v128 {
  return i32x4.shr_u(i32x4.add(acc, i32x4.splat(32768)), 16);
}

/**
 * Four pixels of a pass at `p` (written to `out`): taps at p ± k·step bytes,
 * all inside the image. Weights are u16 (radius >= 1 keeps the centre below
 * 65 536), so the pair of taps k, -k is added in u16 and multiplied once.
 */
// @ts-ignore: decorator
@inline function gaussianBlock(p: usize, out: usize, weights: usize, radius: i32, step: usize): void {
  const w0 = i16x8.splat(<i16>load<i32>(weights));
  const centre = v128.load(p);
  const lo = i16x8.extend_low_i8x16_u(centre), hi = i16x8.extend_high_i8x16_u(centre);
  let a0 = i32x4.extmul_low_i16x8_u(lo, w0), a1 = i32x4.extmul_high_i16x8_u(lo, w0);
  let a2 = i32x4.extmul_low_i16x8_u(hi, w0), a3 = i32x4.extmul_high_i16x8_u(hi, w0);
  for (let k = 1; k <= radius; k++) {
    const w = i16x8.splat(<i16>load<i32>(weights + (<usize>k << 2)));
    const offset = <usize>k * step;
    const before = v128.load(p - offset), after = v128.load(p + offset);
    const pairLo = i16x8.add(i16x8.extend_low_i8x16_u(before), i16x8.extend_low_i8x16_u(after));
    const pairHi = i16x8.add(i16x8.extend_high_i8x16_u(before), i16x8.extend_high_i8x16_u(after));
    a0 = i32x4.add(a0, i32x4.extmul_low_i16x8_u(pairLo, w));
    a1 = i32x4.add(a1, i32x4.extmul_high_i16x8_u(pairLo, w));
    a2 = i32x4.add(a2, i32x4.extmul_low_i16x8_u(pairHi, w));
    a3 = i32x4.add(a3, i32x4.extmul_high_i16x8_u(pairHi, w));
  }
  const half = i16x8.narrow_i32x4_u(fixedToByte(a0), fixedToByte(a1));
  const otherHalf = i16x8.narrow_i32x4_u(fixedToByte(a2), fixedToByte(a3));
  v128.store(out, i8x16.narrow_i16x8_u(half, otherHalf));
}

/**
 * Rows [begin, end) of the horizontal pass: dst pixel (x, y) from src pixels
 * (x ± k, y), columns clamped. Blocks of four where every tap is inside the
 * row, pixel by pixel at the ends.
 */
export function gaussianRowsRgba(src: usize, dst: usize, width: i32, height: i32, weights: usize, radius: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>width << 2;
  for (let y = begin; y < end; y++) {
    const row = src + <usize>y * rowBytes;
    const out = dst + <usize>y * rowBytes;
    let x = 0;
    for (; x < min(radius, width); x++) gaussianRowPixel(row, out, width, weights, radius, x);
    for (; x + 3 + radius < width; x += 4) gaussianBlock(row + (<usize>x << 2), out + (<usize>x << 2), weights, radius, 4);
    for (; x < width; x++) gaussianRowPixel(row, out, width, weights, radius, x);
  }
}

function gaussianRowPixel(row: usize, out: usize, width: i32, weights: usize, radius: i32, x: i32): void {
  let acc = i32x4.mul(pixelLanes(row + (<usize>x << 2)), i32x4.splat(load<i32>(weights)));
  for (let k = 1; k <= radius; k++) {
    const pair = i32x4.add(pixelLanes(row + (<usize>clampIndex(x - k, width) << 2)), pixelLanes(row + (<usize>clampIndex(x + k, width) << 2)));
    acc = i32x4.add(acc, i32x4.mul(pair, i32x4.splat(load<i32>(weights + (<usize>k << 2)))));
  }
  storePixel(out + (<usize>x << 2), fixedToByte(acc));
}

/**
 * Rows [begin, end) of the vertical pass: dst pixel (x, y) from src pixels
 * (x, y ± k), rows clamped. Rows whose taps all lie inside the image go in
 * blocks of four pixels; the first and last `radius` rows, and a row's last
 * width % 4 pixels, pixel by pixel.
 */
export function gaussianColumnsRgba(src: usize, dst: usize, width: i32, height: i32, weights: usize, radius: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>width << 2;
  for (let y = begin; y < end; y++) {
    const row = src + <usize>y * rowBytes;
    const out = dst + <usize>y * rowBytes;
    let x = 0;
    if (y >= radius && y + radius < height) {
      for (; x + 4 <= width; x += 4) gaussianBlock(row + (<usize>x << 2), out + (<usize>x << 2), weights, radius, rowBytes);
    }
    for (; x < width; x++) {
      const o = <usize>x << 2;
      let acc = i32x4.mul(pixelLanes(row + o), i32x4.splat(load<i32>(weights)));
      for (let k = 1; k <= radius; k++) {
        const pair = i32x4.add(pixelLanes(rowAt(src, y - k, height, rowBytes) + o), pixelLanes(rowAt(src, y + k, height, rowBytes) + o));
        acc = i32x4.add(acc, i32x4.mul(pair, i32x4.splat(load<i32>(weights + (<usize>k << 2)))));
      }
      storePixel(out + o, fixedToByte(acc));
    }
  }
}
