// Realistic workloads for every kernel: seeded inputs, one engine run, the
// plain-JS reference run on the same inputs, and the check that they agree.
// Shared by `npm start`, `npm run bench` and the web demo.

import type { Engine } from '../src/engine/engine.js'
import type { ScheduleName } from '../src/region/schedule.js'
import * as reference from '../src/kernels/reference.js'
import { random } from '../src/random.js'

export interface Workload {
  /** Row label: the kernel and its size. */
  readonly label: string
  readonly kernel: string
  /** Allocates and fills this workload's inputs in `engine`; returns the runner. */
  prepare(engine: Engine): Prepared
  /** Runs the plain-JS reference on the same inputs (ordinary, unshared arrays). */
  reference(): unknown
  /** Whether an engine result agrees with the reference result. */
  agrees(result: unknown, expected: unknown): boolean
}

export interface Prepared {
  /** One engine run; `schedule` replaces the workload's own schedule and chunk size. */
  run(schedule?: ScheduleName): Promise<unknown>
  free(): void
}

const floats = (n: number, seed: number): Float64Array => {
  const next = random(seed)
  return Float64Array.from({ length: n }, () => next() * 2 - 1)
}

/** Region options that keep the engine's default schedule unless one is given. */
const region = (schedule?: ScheduleName) => (schedule ? { schedule } : {})

const closeTo = (tolerance: number) => (a: unknown, b: unknown): boolean =>
  Math.abs((a as number) - (b as number)) <= tolerance * Math.max(1, Math.abs(b as number))

const sameArray = (a: unknown, b: unknown): boolean => {
  const x = a as ArrayLike<number>
  const y = b as ArrayLike<number>
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

/** Workload sizes scale with `scale` (1 = the sizes in the README's tables). */
export function workloads(scale = 1): Workload[] {
  const n = (count: number): number => Math.max(1024, Math.round(count * scale))
  const list: Workload[] = []

  const vectorLength = n(8_000_000)
  const xs = floats(vectorLength, 1)
  const ys = floats(vectorLength, 2)
  for (const kernel of ['sumF64', 'sumF64Simd'] as const) {
    list.push({
      label: `${kernel} ${(vectorLength / 1e6).toFixed(1)}M`, kernel,
      prepare(engine) {
        const view = engine.alloc(Float64Array, vectorLength)
        view.set(xs)
        return { run: (schedule) => engine.reduce(kernel, vectorLength, [view], region(schedule)), free: () => engine.free(view) }
      },
      reference: () => reference.sumF64(xs, 0, vectorLength),
      agrees: closeTo(1e-9),
    })
  }
  for (const kernel of ['dotF64', 'dotF64Simd'] as const) {
    list.push({
      label: `${kernel} ${(vectorLength / 1e6).toFixed(1)}M`, kernel,
      prepare(engine) {
        const a = engine.alloc(Float64Array, vectorLength)
        const b = engine.alloc(Float64Array, vectorLength)
        a.set(xs)
        b.set(ys)
        return { run: (schedule) => engine.reduce(kernel, vectorLength, [a, b], region(schedule)), free: () => { engine.free(a); engine.free(b) } }
      },
      reference: () => reference.dotF64(xs, ys, 0, vectorLength),
      agrees: closeTo(1e-9),
    })
  }
  list.push({
    label: `minMaxF64 ${(vectorLength / 1e6).toFixed(1)}M`, kernel: 'minMaxF64',
    prepare(engine) {
      const view = engine.alloc(Float64Array, vectorLength)
      view.set(xs)
      return { run: (schedule) => engine.reduce('minMaxF64', vectorLength, [view], region(schedule)), free: () => engine.free(view) }
    },
    reference: () => {
      const out = new Float64Array(2)
      reference.minMaxF64(xs, out, 0, vectorLength)
      return { min: out[0], max: out[1] }
    },
    agrees: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })

  const histogramLength = n(16_000_000)
  const words = (() => {
    const next = random(3)
    return Uint32Array.from({ length: histogramLength }, () => Math.floor(next() * 4294967296))
  })()
  list.push({
    label: `histogramU32 ${(histogramLength / 1e6).toFixed(1)}M`, kernel: 'histogramU32',
    prepare(engine) {
      const view = engine.alloc(Uint32Array, histogramLength)
      view.set(words)
      return { run: (schedule) => engine.reduce('histogramU32', histogramLength, [view], region(schedule)), free: () => engine.free(view) }
    },
    reference: () => {
      const bins = new Uint32Array(256)
      reference.histogramU32(words, bins, 0, histogramLength)
      return bins
    },
    agrees: sameArray,
  })

  const side = Math.max(64, Math.round(1024 * Math.sqrt(scale)))
  const viewport = [-2.2, -1.2, 0.8, 1.2] as const
  for (const kernel of ['mandelbrot', 'mandelbrotSimd'] as const) {
    list.push({
      label: `${kernel} ${side}² ×256`, kernel,
      prepare(engine) {
        const image = engine.alloc(Uint32Array, side * side)
        return {
          run: async (schedule) => {
            await engine.parallelFor(kernel, side, [image, side, side, ...viewport, 256], schedule ? { schedule } : { schedule: 'dynamic', chunk: 4 })
            return image
          },
          free: () => engine.free(image),
        }
      },
      reference: () => {
        const image = new Uint32Array(side * side)
        reference.mandelbrot(image, side, side, ...viewport, 256, 0, side)
        return image
      },
      agrees: sameArray,
    })
  }

  const order = Math.max(32, Math.round(512 * Math.cbrt(scale)))
  const a = floats(order * order, 4)
  const b = floats(order * order, 5)
  for (const kernel of ['matmulF64', 'matmulF64Simd'] as const) {
    list.push({
      label: `${kernel} ${order}×${order}`, kernel,
      prepare(engine) {
        const [A, B, C] = [0, 1, 2].map(() => engine.alloc(Float64Array, order * order)) as [Float64Array<SharedArrayBuffer>, Float64Array<SharedArrayBuffer>, Float64Array<SharedArrayBuffer>]
        A.set(a)
        B.set(b)
        return {
          run: async (schedule) => {
            await engine.parallelFor(kernel, order, [A, B, C, order], schedule ? { schedule } : { schedule: 'dynamic', chunk: 8 })
            return C
          },
          free: () => { for (const view of [A, B, C]) engine.free(view) },
        }
      },
      reference: () => {
        const c = new Float64Array(order * order)
        reference.matmulF64(a, b, c, order, 0, order)
        return c
      },
      agrees: sameArray,
    })
  }

  const primesEnd = n(3_000_000)
  list.push({
    label: `countPrimes < ${(primesEnd / 1e6).toFixed(1)}M`, kernel: 'countPrimes',
    prepare: (engine) => ({ run: (schedule = 'dynamic') => engine.reduce('countPrimes', primesEnd, [], { schedule }), free: () => {} }),
    reference: () => reference.countPrimes(0, primesEnd),
    agrees: (x, y) => x === y,
  })

  const samples = n(20_000_000)
  list.push({
    label: `monteCarloPi ${(samples / 1e6).toFixed(1)}M`, kernel: 'monteCarloPi',
    prepare: (engine) => ({ run: (schedule) => engine.reduce('monteCarloPi', samples, [7], region(schedule)), free: () => {} }),
    reference: () => reference.monteCarloPi(7, 0, samples),
    agrees: (x, y) => x === y,
  })
  return list
}
