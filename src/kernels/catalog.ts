// The kernel catalog: for every kernel of the module, its parameters, what its
// index range means, and (for reductions) how partial results combine. The
// engine validates calls against this table before any worker sees them.
// A new built-in kernel is an entry here (parameter types and combine ops from
// vocabulary.ts), its export in assembly/index.ts and its reference in
// reference.ts; the types of engine calls follow from the entry.

import { algorithmKernels } from './algorithm-kernels.js'
import { LAB_WORDS } from './lab-block.js'
import type { CombineOp, ElementName, KernelKind, Param } from './vocabulary.js'

export interface ReduceSpec<Result = unknown> {
  /**
   * Where a block's partial result goes: 'return' (the kernel returns one
   * number), or a slot of `width` elements of `type` (an element a view holds,
   * as in `Ptr<u32>`) whose address the engine passes as the argument before
   * begin, end.
   */
  readonly partial: 'return' | { readonly type: ElementName; readonly width: number }
  /** How each lane of the partials combines, in block order. */
  readonly ops: readonly CombineOp[]
  /** Turns the combined lanes into the value `reduce` resolves with. */
  readonly finish: (lanes: Float64Array) => Result
}

export interface KernelSpec<Result = unknown> {
  readonly name: string
  /**
   * 'range' (the default): f(...args, begin, end) over an index range, run by
   * parallelFor or reduce. 'item': f(...item) → number, one call per item, run
   * by map, Pool and Executor. (vocabulary.ts's KERNEL_KINDS.)
   */
  readonly kind?: KernelKind
  /** What the region's indices count ("elements", "rows", …). */
  readonly indices: string
  readonly params: readonly Param[]
  /** Largest n the arguments allow, where it is not just a pointer's length. */
  readonly maxLength?: (scalars: Readonly<Record<string, number>>) => { readonly value: number; readonly why: string }
  readonly reduce?: ReduceSpec<Result>
}

const first = (lanes: Float64Array): number => lanes[0]!
const perElement = (n: number): number => n

const mandelbrotShape = {
  indices: 'rows',
  params: [
    { name: 'image', type: 'u32*', elements: (_n: number, a: Readonly<Record<string, number>>) => a.width! * a.height! },
    { name: 'width', type: 'i32', min: 1 },
    { name: 'height', type: 'i32', min: 1 },
    { name: 'x0', type: 'f64' }, { name: 'y0', type: 'f64' },
    { name: 'x1', type: 'f64' }, { name: 'y1', type: 'f64' },
    { name: 'maxIter', type: 'i32', min: 0 },
  ],
  maxLength: (a: Readonly<Record<string, number>>) => ({ value: a.height!, why: 'height' }),
} as const

const matmulShape = {
  indices: 'rows',
  params: [
    { name: 'a', type: 'f64*', elements: (_n: number, s: Readonly<Record<string, number>>) => s.n! * s.n! },
    { name: 'b', type: 'f64*', elements: (_n: number, s: Readonly<Record<string, number>>) => s.n! * s.n! },
    { name: 'c', type: 'f64*', elements: (_n: number, s: Readonly<Record<string, number>>) => s.n! * s.n! },
    { name: 'n', type: 'i32', min: 0 },
  ],
  maxLength: (s: Readonly<Record<string, number>>) => ({ value: s.n!, why: 'n' }),
} as const

/** RGBA stencils: rows are the indices; src and dst hold width × height × 4 bytes (and must not overlap). */
const imageBytes = (_n: number, a: Readonly<Record<string, number>>) => a.width! * a.height! * 4
const stencilParams = [
  { name: 'src', type: 'u8*', elements: imageBytes },
  { name: 'dst', type: 'u8*', elements: imageBytes },
  { name: 'width', type: 'i32', min: 0 },
  { name: 'height', type: 'i32', min: 0 },
] as const
const stencilShape = { indices: 'rows', maxLength: (a: Readonly<Record<string, number>>) => ({ value: a.height!, why: 'height' }) } as const
/** The Gaussian passes: taps from gaussianWeights (radius + 1 of them), radius at most 3 · 32. */
const gaussianParams = [
  ...stencilParams,
  { name: 'weights', type: 'i32*', elements: (_n: number, a: Readonly<Record<string, number>>) => a.radius! + 1 },
  { name: 'radius', type: 'i32', min: 1, max: 96 },
] as const

const perThread = { indices: 'logical threads' } as const
const counterShape = {
  ...perThread,
  params: [{ name: 'lab', type: 'i32*', elements: () => LAB_WORDS }, { name: 'iterations', type: 'i32', min: 0 }],
} as const
const histogramShape = {
  ...perThread,
  params: [
    { name: 'lab', type: 'i32*', elements: () => LAB_WORDS },
    { name: 'xs', type: 'u32*', elements: (_n: number, a: Readonly<Record<string, number>>) => a.length! },
    { name: 'length', type: 'i32', min: 0 },
    { name: 'bins', type: 'u32*', elements: () => 256 },
    { name: 'scratch', type: 'u32*', elements: (n: number) => n * 256 },
  ],
} as const
const bankShape = {
  ...perThread,
  params: [
    { name: 'lab', type: 'i32*', elements: () => LAB_WORDS },
    { name: 'balances', type: 'i32*', elements: (_n: number, a: Readonly<Record<string, number>>) => a.accounts! },
    { name: 'accounts', type: 'i32', min: 2 },
    { name: 'locks', type: 'i32*', elements: (_n: number, a: Readonly<Record<string, number>>) => a.accounts! * 2 },
    { name: 'iterations', type: 'i32', min: 0 },
  ],
} as const

/** All kernels of the built-in module, keyed by name. */
export const kernels = {
  sumF64: {
    name: 'sumF64', indices: 'elements',
    params: [{ name: 'xs', type: 'f64*', elements: perElement }],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  sumF64Simd: {
    name: 'sumF64Simd', indices: 'elements',
    params: [{ name: 'xs', type: 'f64*', elements: perElement }],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  dotF64: {
    name: 'dotF64', indices: 'elements',
    params: [{ name: 'xs', type: 'f64*', elements: perElement }, { name: 'ys', type: 'f64*', elements: perElement }],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  dotF64Simd: {
    name: 'dotF64Simd', indices: 'elements',
    params: [{ name: 'xs', type: 'f64*', elements: perElement }, { name: 'ys', type: 'f64*', elements: perElement }],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  minMaxF64: {
    name: 'minMaxF64', indices: 'elements',
    params: [{ name: 'xs', type: 'f64*', elements: perElement }],
    reduce: {
      partial: { type: 'f64', width: 2 }, ops: ['min', 'max'],
      finish: (lanes: Float64Array) => ({ min: lanes[0]!, max: lanes[1]! }),
    },
  },
  histogramU32: {
    name: 'histogramU32', indices: 'elements',
    params: [{ name: 'xs', type: 'u32*', elements: perElement }],
    reduce: {
      partial: { type: 'u32', width: 256 }, ops: ['sum'],
      finish: (lanes: Float64Array) => Uint32Array.from(lanes),
    },
  },
  mandelbrot: { name: 'mandelbrot', ...mandelbrotShape },
  mandelbrotSimd: { name: 'mandelbrotSimd', ...mandelbrotShape },
  matmulF64: { name: 'matmulF64', ...matmulShape },
  matmulF64Simd: { name: 'matmulF64Simd', ...matmulShape },
  countPrimes: {
    name: 'countPrimes', indices: 'integers',
    params: [],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  monteCarloPi: {
    name: 'monteCarloPi', indices: 'samples',
    params: [{ name: 'seed', type: 'u32' }],
    reduce: { partial: 'return', ops: ['sum'], finish: first },
  },
  square: { name: 'square', kind: 'item', indices: 'items', params: [{ name: 'x', type: 'f64' }] },
  power: { name: 'power', kind: 'item', indices: 'items', params: [{ name: 'x', type: 'f64' }, { name: 'y', type: 'f64' }] },
  isPrime: { name: 'isPrime', kind: 'item', indices: 'items', params: [{ name: 'n', type: 'i32', min: 0 }] },
  collatzSteps: { name: 'collatzSteps', kind: 'item', indices: 'items', params: [{ name: 'n', type: 'f64', min: 1 }] },
  // Recursive on purpose (a CPU-bound task of tunable size): time doubles with every step of n.
  fibonacci: { name: 'fibonacci', kind: 'item', indices: 'items', params: [{ name: 'n', type: 'i32', min: 0, max: 40 }] },
  checkedSqrt: { name: 'checkedSqrt', kind: 'item', indices: 'items', params: [{ name: 'x', type: 'f64' }] },
  noop: { name: 'noop', indices: 'indices', params: [] },
  // Radius at most 127: a window's sum of bytes stays below 2^24 (assembly/stencils.ts divides in f32, exactly).
  boxBlurRgba: { name: 'boxBlurRgba', ...stencilShape, params: [...stencilParams, { name: 'radius', type: 'i32', min: 0, max: 127 }] },
  sobelRgba: { name: 'sobelRgba', ...stencilShape, params: stencilParams },
  gaussianRowsRgba: { name: 'gaussianRowsRgba', ...stencilShape, params: gaussianParams },
  gaussianColumnsRgba: { name: 'gaussianColumnsRgba', ...stencilShape, params: gaussianParams },
} as const satisfies Record<string, KernelSpec>

/**
 * Kernels that exist for the race lab, the sync drills and fault tests: they
 * run like any other (the module exports them and every worker has them),
 * but they are not part of the public list, the KernelName type or the
 * messages that offer kernels to users.
 */
export const internalKernels = {
  counterNone: { name: 'counterNone', ...counterShape },
  counterAtomic: { name: 'counterAtomic', ...counterShape },
  counterMutex: { name: 'counterMutex', ...counterShape },
  counterPrivate: { name: 'counterPrivate', ...counterShape },
  histogramNone: { name: 'histogramNone', ...histogramShape },
  histogramAtomic: { name: 'histogramAtomic', ...histogramShape },
  histogramPrivate: { name: 'histogramPrivate', ...histogramShape },
  bankNone: { name: 'bankNone', ...bankShape },
  bankGlobalLock: { name: 'bankGlobalLock', ...bankShape },
  bankOrderedLocks: { name: 'bankOrderedLocks', ...bankShape },
  bankNaiveLocks: { name: 'bankNaiveLocks', ...bankShape },
  bankCas: { name: 'bankCas', ...bankShape },
  semaphoreRounds: {
    name: 'semaphoreRounds', indices: 'logical threads',
    params: [
      { name: 'semaphore', type: 'i32*', elements: () => 1 },
      { name: 'stats', type: 'i32*', elements: () => 2 },
      { name: 'rounds', type: 'i32', min: 0 },
    ],
  },
  latchArrive: { name: 'latchArrive', indices: 'arrivals', params: [{ name: 'latch', type: 'i32*', elements: () => 1 }] },
  trap: {
    name: 'trap', indices: 'indices',
    params: [{ name: 'kind', type: 'i32', min: 0 }, { name: 'at', type: 'i32' }],
  },
  hang: {
    name: 'hang', indices: 'indices',
    params: [{ name: 'flag', type: 'i32*', elements: () => 1 }, { name: 'at', type: 'i32' }],
  },
  hangExcept: {
    name: 'hangExcept', indices: 'indices',
    params: [{ name: 'flag', type: 'i32*', elements: () => 1 }, { name: 'spared', type: 'i32' }],
  },
  holdLock: {
    name: 'holdLock', indices: 'indices',
    params: [{ name: 'lock', type: 'i32*', elements: () => 2 }, { name: 'flag', type: 'i32*', elements: () => 1 }],
  },
  // Phased kernels: n is the team's size.
  phaseRounds: {
    name: 'phaseRounds', kind: 'phased', indices: 'members',
    params: [{ name: 'slots', type: 'i32*', elements: perElement }, { name: 'mismatches', type: 'i32*', elements: perElement }, { name: 'rounds', type: 'i32', min: 0 }],
  },
  phasedTrap: {
    name: 'phasedTrap', kind: 'phased', indices: 'members',
    params: [{ name: 'at', type: 'i32' }, { name: 'kind', type: 'i32', min: 0, max: 1 }, { name: 'after', type: 'i32*', elements: () => 1 }],
  },
  phasedHang: {
    name: 'phasedHang', kind: 'phased', indices: 'members',
    params: [{ name: 'flag', type: 'i32*', elements: () => 1 }, { name: 'at', type: 'i32' }],
  },
} as const satisfies Record<string, KernelSpec>

/** Every kernel of sabre.wasm, public, internal and the algorithms': what the engine numbers and the workers look up. */
export const allKernels = { ...kernels, ...internalKernels, ...algorithmKernels }

export type KernelName = keyof typeof kernels

type Catalog = typeof kernels
/** Item kernels: f(...item) → number, for map, Pool and Executor. */
export type ItemKernel = { [K in KernelName]: Catalog[K] extends { kind: 'item' } ? K : never }[KernelName]
/** Kernels that parallelFor runs (no partial results). */
export type ForKernel = { [K in KernelName]: Catalog[K] extends { reduce: object } | { kind: 'item' | 'phased' } ? never : K }[KernelName]
/** Kernels that reduce runs. */
export type ReduceKernel = { [K in KernelName]: Catalog[K] extends { reduce: object } ? K : never }[KernelName]
/** What `reduce(kernel, …)` resolves with. */
export type ReduceResult<K extends ReduceKernel> = ReturnType<Catalog[K]['reduce']['finish']>

/** Names of the internal kernels (see internalKernels). */
export const INTERNAL_KERNELS: ReadonlySet<string> = new Set([...Object.keys(internalKernels), ...Object.keys(algorithmKernels)])
