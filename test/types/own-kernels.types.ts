// Type test (checked by `tsc -p .` in npm test, never run): an engine over a
// compiled module is typed by the .d.ts `sabre compile` wrote
// (kernels.sabre.d.ts here is that output for examples/own-kernel, and
// histogram.sabre.d.ts for docs/own-kernels.md's phased histogram, both kept
// equal by test/kernels/compile.test.ts), and one over an inline description by
// the description itself. Lines marked @ts-expect-error must stay errors.

import { Engine, Executor, loadKernels, Pool, type KernelDescription, type KernelModule } from '../../src/index.js'
import type { Kernels as Histogram } from './histogram.sabre.js'
import type { Kernels } from './kernels.sabre.js'

export async function compiled(module: KernelModule<Kernels>): Promise<void> {
  const engine = await Engine.start({ threads: 2, module })
  const xs = engine.alloc(Float64Array, 8)
  const words = engine.alloc(Int32Array, 8)
  await engine.parallelFor('scaleF64', 8, [xs, 3])
  await engine.parallelFor('logisticF64', 8, [xs, 3.7, 100], { schedule: 'static' })
  const sum: number = await engine.reduce('sumSquaresF64', 8, [xs])
  const synced: number = engine.reduceSync('sumSquaresF64', 8, [xs])
  const lengths: Float64Array = await engine.map('hypot', [[3, 4]])
  void [sum, synced, lengths]

  // @ts-expect-error: arguments in the wrong order
  await engine.parallelFor('scaleF64', 8, [3, xs])
  // @ts-expect-error: an Int32Array where the kernel takes Ptr<f64>
  await engine.parallelFor('scaleF64', 8, [words, 3])
  // @ts-expect-error: steps missing
  await engine.parallelFor('logisticF64', 8, [xs, 3.7])
  // @ts-expect-error: a built-in kernel, which this module does not have
  await engine.reduce('sumF64', 8, [xs])
  // @ts-expect-error: a reduction run by parallelFor
  await engine.parallelFor('sumSquaresF64', 8, [xs])
  // @ts-expect-error: an item kernel run by reduce
  await engine.reduce('hypot', 8, [3, 4])
  // @ts-expect-error: a range kernel mapped over items
  await engine.map('scaleF64', [1])

  const executor = new Executor(engine)
  executor.submit('hypot', 3, 4)
  executor.submit('scaleF64', xs, 2, 0, 8)
  // @ts-expect-error: hypot takes two numbers
  executor.submit('hypot', 3)
  await new Pool(engine).starmap('hypot', [[3, 4]])
  // @ts-expect-error: not a kernel of this module
  await new Pool(engine).map('square', [1])
}

export async function loaded(): Promise<void> {
  // The type argument is what makes calls typed; the values come from the file.
  const engine = await Engine.start({ module: await loadKernels<Kernels>('build/kernels.sabre.json') })
  await engine.parallelFor('scaleF64', 8, [engine.alloc(Float64Array, 8), 3])
  // @ts-expect-error: factor must be a number
  await engine.parallelFor('scaleF64', 8, [engine.alloc(Float64Array, 8), 'x'])
}

export async function inline(wasm: WebAssembly.Module): Promise<void> {
  // An inline description types calls as the compiled one does.
  const engine = await Engine.start({
    module: { wasm, kernels: { fill: { params: ['f64*', 'f64'] }, maxOf: { params: ['f64*'], reduce: 'max' }, cube: { kind: 'item', params: ['f64'] } } },
  })
  const xs = engine.alloc(Float64Array, 8)
  await engine.parallelFor('fill', 8, [xs, 7])
  const max: number = await engine.reduce('maxOf', 8, [xs])
  await engine.map('cube', [1, 2])
  void max
  // @ts-expect-error: fill takes (f64*, f64)
  await engine.parallelFor('fill', 8, [7, xs])
  // @ts-expect-error: maxOf is a reduction
  await engine.parallelFor('maxOf', 8, [xs])

  // A description typed only as a Record: any name, arguments checked at run time.
  const described: Record<string, KernelDescription> = { fill: { params: ['f64*', 'f64'] } }
  const loose = await Engine.start({ module: { wasm, kernels: described } })
  await loose.parallelFor('anything', 8, [xs, 7])
  const result: number = await loose.reduce('anything', 8)
  void result
}

export async function bytesAndFloats(wasm: WebAssembly.Module, imageData: ImageData, fromFile: Float32Array): Promise<void> {
  // 'u8*' takes a Uint8Array or a Uint8ClampedArray, 'f32*' a Float32Array; engine.from keeps the array's type.
  const engine = await Engine.start({
    module: { wasm, kernels: { invert: { params: ['u8*'] }, scale: { params: ['f32*', 'f64'] } } },
  })
  const pixels: Uint8ClampedArray<SharedArrayBuffer> = engine.from(imageData.data)
  const bytes: Uint8Array<SharedArrayBuffer> = engine.from(new Uint8Array(4))
  const samples: Float32Array<SharedArrayBuffer> = engine.from(fromFile)
  await engine.parallelFor('invert', pixels.length, [pixels])
  await engine.parallelFor('invert', bytes.length, [bytes])
  await engine.parallelFor('scale', samples.length, [samples, 0.5])
  // @ts-expect-error: a Float32Array where the kernel takes bytes
  await engine.parallelFor('invert', 4, [samples])
  // @ts-expect-error: a Float64Array where the kernel takes Ptr<f32>
  await engine.parallelFor('scale', 4, [engine.alloc(Float64Array, 4), 0.5])
  // @ts-expect-error: engine.from copies typed arrays, not plain arrays
  engine.from([1, 2, 3])
}

/** The phased histogram of docs/own-kernels.md, typed by what `sabre compile` wrote for it (histogram.sabre.d.ts). */
export async function phased(module: KernelModule<Histogram>, other: KernelModule<Kernels>): Promise<void> {
  const engine = await Engine.start({ threads: 2, module })
  const data = engine.alloc(Uint8Array, 8)
  const counts = engine.alloc(Uint32Array, 512)
  await engine.parallel('histogramBytes', [data, 8, counts, counts], { timeoutMs: 1000 })
  engine.parallelSync('histogramBytes', [data, 8, counts, counts])
  // @ts-expect-error: a Uint32Array where the kernel takes Ptr<u8>
  await engine.parallel('histogramBytes', [counts, 8, counts, counts])
  // @ts-expect-error: a number where the kernel takes Ptr<u32>
  await engine.parallel('histogramBytes', [data, 8, 256, counts])
  // @ts-expect-error: bins missing
  engine.parallelSync('histogramBytes', [data, 8, counts])
  // @ts-expect-error: a kernel this module does not have
  await engine.parallel('scaleF64', [engine.alloc(Float64Array, 8), 2])
  const ranges = await Engine.start({ threads: 2, module: other })
  // @ts-expect-error: a range kernel run by parallel
  await ranges.parallel('scaleF64', [ranges.alloc(Float64Array, 8), 2])
  // @ts-expect-error: a phased kernel run by parallelFor
  await engine.parallelFor('histogramBytes', 8, [data, 8, counts, counts])
  // @ts-expect-error: a phased kernel needs its team: not a task for an Executor
  new Executor(engine).submit('histogramBytes', data, 8, counts, counts)
}
