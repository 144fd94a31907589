// Plain TypeScript references of the RGBA stencils (assembly/stencils.ts):
// the definitions the kernels equal byte for byte, written as the obvious
// loops. Images are width * height * 4 bytes, row-major; pixels outside the
// image read as the nearest edge pixel. Each takes begin, end (rows) last.

/** An RGBA image's bytes: ImageData's Uint8ClampedArray or a Uint8Array. */
export type Bytes = Uint8Array | Uint8ClampedArray

const clamp = (i: number, size: number): number => (i < 0 ? 0 : i >= size ? size - 1 : i)

/**
 * Rows [begin, end) of the box blur: each channel (alpha too) is the mean of
 * the (2·radius+1)² neighbourhood, rounded half up as
 * floor((sum + count / 2) / count) in integers. radius 0 copies.
 */
export function boxBlurRgba(src: Bytes, dst: Bytes, width: number, height: number, radius: number, begin: number, end: number): void {
  const count = (2 * radius + 1) ** 2
  const half = Math.floor(count / 2)
  for (let y = begin; y < end; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let dy = -radius; dy <= radius; dy++) {
        const row = clamp(y + dy, height) * width
        for (let dx = -radius; dx <= radius; dx++) {
          const i = (row + clamp(x + dx, width)) * 4
          r += src[i]!
          g += src[i + 1]!
          b += src[i + 2]!
          a += src[i + 3]!
        }
      }
      const o = (y * width + x) * 4
      dst[o] = Math.floor((r + half) / count)
      dst[o + 1] = Math.floor((g + half) / count)
      dst[o + 2] = Math.floor((b + half) / count)
      dst[o + 3] = Math.floor((a + half) / count)
    }
  }
}

/** Grey of pixel i: (77·R + 150·G + 29·B + 128) >> 8. */
const grey = (src: Bytes, i: number): number => (77 * src[i * 4]! + 150 * src[i * 4 + 1]! + 29 * src[i * 4 + 2]! + 128) >> 8

/**
 * Rows [begin, end) of the Sobel filter: the 3×3 Sobel gx, gy on the grey
 * image, written as (m, m, m, 255) with m = min(255, floor(sqrt(gx² + gy²) + 0.5)).
 */
export function sobelRgba(src: Bytes, dst: Bytes, width: number, height: number, begin: number, end: number): void {
  for (let y = begin; y < end; y++) {
    const above = clamp(y - 1, height) * width, here = y * width, below = clamp(y + 1, height) * width
    for (let x = 0; x < width; x++) {
      const l = clamp(x - 1, width), r = clamp(x + 1, width)
      const gx = grey(src, above + r) + 2 * grey(src, here + r) + grey(src, below + r) -
        (grey(src, above + l) + 2 * grey(src, here + l) + grey(src, below + l))
      const gy = grey(src, below + l) + 2 * grey(src, below + x) + grey(src, below + r) -
        (grey(src, above + l) + 2 * grey(src, above + x) + grey(src, above + r))
      const m = Math.min(255, Math.floor(Math.sqrt(gx * gx + gy * gy) + 0.5))
      const o = (here + x) * 4
      dst[o] = m
      dst[o + 1] = m
      dst[o + 2] = m
      dst[o + 3] = 255
    }
  }
}

/**
 * Rows [begin, end) of the Gaussian blur's horizontal pass: each channel is
 * (Σ weights[|k|] · src(x + k) + 32768) >> 16 over k in [-radius, radius],
 * columns clamped. weights from gaussianWeights (they sum to 65 536).
 */
export function gaussianRowsRgba(src: Bytes, dst: Bytes, width: number, height: number, weights: Int32Array, radius: number,
  begin: number, end: number): void {
  for (let y = begin; y < end; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let acc = 0
        for (let k = -radius; k <= radius; k++) acc += weights[Math.abs(k)]! * src[(y * width + clamp(x + k, width)) * 4 + c]!
        dst[(y * width + x) * 4 + c] = (acc + 32768) >> 16
      }
    }
  }
}

/** Rows [begin, end) of the vertical pass: as gaussianRowsRgba down the columns, rows clamped. */
export function gaussianColumnsRgba(src: Bytes, dst: Bytes, width: number, height: number, weights: Int32Array, radius: number,
  begin: number, end: number): void {
  for (let y = begin; y < end; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let acc = 0
        for (let k = -radius; k <= radius; k++) acc += weights[Math.abs(k)]! * src[(clamp(y + k, height) * width + x) * 4 + c]!
        dst[(y * width + x) * 4 + c] = (acc + 32768) >> 16
      }
    }
  }
}
