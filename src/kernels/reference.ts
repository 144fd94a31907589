// Plain TypeScript references for every kernel: the same ABI with typed arrays
// in place of pointers. Tests check the wasm kernels against these; benches
// time them as the plain-JS baseline.

/** Sum of xs[begin..end), left to right. */
export function sumF64(xs: Float64Array, begin: number, end: number): number {
  let s = 0
  for (let i = begin; i < end; i++) s += xs[i]!
  return s
}

/** Dot product of xs[begin..end) and ys[begin..end). */
export function dotF64(xs: Float64Array, ys: Float64Array, begin: number, end: number): number {
  let s = 0
  for (let i = begin; i < end; i++) s += xs[i]! * ys[i]!
  return s
}

/** Writes min(xs[begin..end)) to out[0] and the max to out[1]. */
export function minMaxF64(xs: Float64Array, out: Float64Array, begin: number, end: number): void {
  let lo = Infinity
  let hi = -Infinity
  for (let i = begin; i < end; i++) {
    const x = xs[i]!
    lo = Math.min(lo, x)
    hi = Math.max(hi, x)
  }
  out[0] = lo
  out[1] = hi
}

/** Counts xs[begin..end) into out[0..256) by their top byte (out is cleared first). */
export function histogramU32(xs: Uint32Array, out: Uint32Array, begin: number, end: number): void {
  out.fill(0, 0, 256)
  for (let i = begin; i < end; i++) out[xs[i]! >>> 24]!++
}

/** Rows [begin, end) of a width × height image of iteration counts over [x0, x1] × [y0, y1]. */
export function mandelbrot(
  image: Uint32Array, width: number, height: number,
  x0: number, y0: number, x1: number, y1: number, maxIter: number,
  begin: number, end: number,
): void {
  const dx = (x1 - x0) / width
  const dy = (y1 - y0) / height
  for (let py = begin; py < end; py++) {
    const ci = y0 + py * dy
    const row = py * width
    for (let px = 0; px < width; px++) {
      const cr = x0 + px * dx
      let zr = 0, zi = 0, zr2 = 0, zi2 = 0
      let i = 0
      while (i < maxIter) {
        if (zr2 + zi2 > 4) break
        zi = 2 * zr * zi + ci
        zr = zr2 - zi2 + cr
        zr2 = zr * zr
        zi2 = zi * zi
        i++
      }
      image[row + px] = i
    }
  }
}

/** Rows [begin, end) of C = A·B for n × n row-major matrices, summed in k order. */
export function matmulF64(a: Float64Array, b: Float64Array, c: Float64Array, n: number, begin: number, end: number): void {
  for (let i = begin; i < end; i++) {
    const ci = i * n
    c.fill(0, ci, ci + n)
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k]!
      const bk = k * n
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + aik * b[bk + j]!
    }
  }
}

function primality(v: number): boolean {
  if (v < 2) return false
  if (v < 4) return true
  if ((v & 1) === 0 || v % 3 === 0) return false
  for (let d = 5; d * d <= v; d += 6) {
    if (v % d === 0 || v % (d + 2) === 0) return false
  }
  return true
}

/** Number of primes p with begin <= p < end. */
export function countPrimes(begin: number, end: number): number {
  let count = 0
  for (let v = begin; v < end; v++) if (primality(v)) count++
  return count
}

/** lowbias32: the same 32-bit mixer as assembly/monte-carlo.ts. */
function mix32(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

const INV_2_32 = 1 / 4294967296

/** How many of samples [begin, end) fall inside the unit quarter circle; π ≈ 4 · count / n. */
export function monteCarloPi(seed: number, begin: number, end: number): number {
  const key = mix32(seed ^ 0x9e3779b9)
  let inside = 0
  for (let i = begin; i < end; i++) {
    const c = (i << 1) >>> 0
    const x = mix32(c ^ key) * INV_2_32
    const y = mix32((c | 1) ^ key) * INV_2_32
    if (x * x + y * y < 1) inside++
  }
  return inside
}

/** Does nothing, like the kernel whose cost is pure dispatch. */
export function noop(_begin: number, _end: number): void {}

// The SIMD kernels compute the same functions; their references are the scalar ones.
export { sumF64 as sumF64Simd, dotF64 as dotF64Simd, matmulF64 as matmulF64Simd, mandelbrot as mandelbrotSimd }

// Item kernels: one call per item.

export const square = (x: number): number => x * x
export const power = (x: number, y: number): number => Math.pow(x, y)
export const isPrime = (n: number): number => (countPrimes(n, n + 1) === 1 ? 1 : 0)

export function collatzSteps(n: number): number {
  let v = n
  let steps = 0
  while (v > 1) {
    v = v % 2 === 1 ? 3 * v + 1 : v / 2
    steps++
  }
  return steps
}

export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2)
}

export function checkedSqrt(x: number): number {
  if (x < 0) throw new Error('negative input')
  return Math.sqrt(x)
}

export { sort, sortByKey, scan, compact, filter } from './algorithm-reference.js'
// The RGBA stencils' references live in their own file.
export * from './image-reference.js'
