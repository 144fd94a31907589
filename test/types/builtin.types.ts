// Type test (checked by `tsc -p .` in npm test, never run): calls of built-in
// kernels that the argument tuples derived from src/kernels/catalog.ts must
// accept, and wrong ones, each marked @ts-expect-error, that they must reject.
// An unused @ts-expect-error is itself an error, so a rejection that stops
// happening fails the build.

import { Engine, Executor, Pool, Process } from '../../src/index.js'

declare const engine: Engine
const xs = engine.alloc(Float64Array, 8)
const ys = engine.alloc(Float64Array, 8)
const image = engine.alloc(Uint32Array, 64)
const words = engine.alloc(Int32Array, 16)

export async function builtins(): Promise<void> {
  // Right calls: views of the declared element type, numbers for scalars.
  const total: number = await engine.reduce('sumF64', 8, [xs])
  const dot: number = engine.reduceSync('dotF64Simd', 8, [xs, ys], { chunk: 4 })
  const { min, max } = await engine.reduce('minMaxF64', 8, [xs])
  const bins: Uint32Array = await engine.reduce('histogramU32', 64, [image])
  const primes: number = await engine.reduce('countPrimes', 1000)
  await engine.parallelFor('mandelbrot', 8, [image, 8, 8, -2, -1, 1, 1, 64], { schedule: 'dynamic' })
  engine.parallelForSync('noop', 100)
  // @ts-expect-error: the race lab's kernels are internal, not in the public KernelName
  await engine.parallelFor('counterAtomic', 2, [words, 10])
  const squares: Float64Array = await engine.map('square', [1, 2, 3])
  void [total, dot, min, max, bins, primes, squares]

  // @ts-expect-error: arguments in the wrong order
  await engine.reduce('dotF64', 8, [3, xs])
  // @ts-expect-error: a Uint32Array where the kernel reads f64
  await engine.reduce('sumF64', 8, [image])
  // @ts-expect-error: an Int32Array where the kernel writes u32
  await engine.parallelFor('mandelbrot', 8, [words, 8, 8, -2, -1, 1, 1, 64])
  // @ts-expect-error: one argument missing
  await engine.reduce('dotF64', 8, [xs])
  // @ts-expect-error: one argument too many
  await engine.reduce('sumF64', 8, [xs, 1])
  // @ts-expect-error: the arguments left out where the kernel needs them
  await engine.reduce('sumF64', 8)
  // @ts-expect-error: a number where the kernel takes a view
  await engine.parallelFor('matmulF64', 4, [1, 2, 3, 4])
  // @ts-expect-error: a reduction run by parallelFor
  await engine.parallelFor('sumF64', 8, [xs])
  // @ts-expect-error: a range kernel run by reduce
  await engine.reduce('mandelbrot', 8, [image, 8, 8, -2, -1, 1, 1, 64])
  // @ts-expect-error: a range kernel run by map
  await engine.map('sumF64', [1, 2])
  // @ts-expect-error: a misspelt kernel
  await engine.reduce('sumf64', 8, [xs])
  // @ts-expect-error: minMaxF64 resolves with { min, max }, not a number
  const wrongResult: number = await engine.reduce('minMaxF64', 8, [xs])
  void wrongResult
}

export async function pools(): Promise<void> {
  const executor = new Executor(engine)
  const square = executor.submit('square', 3)
  const withOptions = executor.submit('power', 2, 10, { timeoutMs: 1000 })
  const range = executor.submit('sumF64', xs, 0, 8)
  // @ts-expect-error: square takes one number
  executor.submit('square', 3, 4)
  // @ts-expect-error: a range kernel submitted without begin, end
  executor.submit('sumF64', xs)
  // @ts-expect-error: a kernel that does not exist
  executor.submit('cube', 3)
  void [square, withOptions, range]

  const pool = new Pool(engine)
  await pool.map('isPrime', [1, 2, 3])
  // @ts-expect-error: a kernel that does not exist
  await pool.map('isprime', [1, 2, 3])

  new Process(engine, 'fibonacci', [20]).start()
  new Process(engine, 'countPrimes', [0, 100]).start()
  // @ts-expect-error: a view where fibonacci takes a number
  new Process(engine, 'fibonacci', [xs])
  // @ts-expect-error: the arguments left out
  new Process(engine, 'fibonacci')
}
