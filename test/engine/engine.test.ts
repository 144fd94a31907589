import * as assert from 'uvu/assert'
import { AbortError, Engine, KernelError, reference } from '../../src/index.js'
import { SCHEDULES } from '../../src/region/schedule.js'
import { rejects, throws } from '../support/assertions.js'
import { fillFloats, random } from '../support/random.js'
import { internal } from '../support/internal-kernels.js'
import { suite } from '../support/suite.js'

// ─── determinism ────────────────────────────────────────────────────────────

const determinism = suite('reduce is deterministic')

determinism('float reductions are the same bits for 1, 2, 3, 4 and 8 threads and every schedule', async () => {
  const data = fillFloats(new Float64Array(100_003), random(9), -1e3, 1e3)
  const results = new Map<string, Set<number>>()
  for (const threads of [1, 2, 3, 4, 8]) {
    const engine = await Engine.start({ threads })
    const xs = engine.alloc(Float64Array, data.length)
    xs.set(data)
    for (const schedule of SCHEDULES) {
      for (const chunk of [undefined, 1000]) {
        const options = chunk === undefined ? { schedule } : { schedule, chunk }
        for (const kernel of ['sumF64', 'sumF64Simd', 'dotF64', 'dotF64Simd'] as const) {
          const args = kernel.startsWith('dot') ? [xs, xs] as const : [xs] as const
          const key = `${kernel}, chunk ${chunk ?? 'default'}`
          if (!results.has(key)) results.set(key, new Set())
          results.get(key)!.add(await engine.reduce(kernel, xs.length, args, options))
        }
      }
    }
    await engine.close()
  }
  assert.is(results.size, 8)
  for (const [key, values] of results) {
    assert.is(values.size, 1, `${key}: ${values.size} different results: ${[...values].join(', ')}`)
  }
})

determinism.run()

// ─── the engine in use ──────────────────────────────────────────────────────

const test = suite('Engine')
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

/** A call that must work: run after every bad input to show the engine is still fine. */
async function goodCall(): Promise<void> {
  const xs = engine.alloc(Float64Array, 1000)
  xs.fill(0.5)
  assert.is(await engine.reduce('sumF64', xs.length, [xs]), 500)
  engine.free(xs)
}

test('alloc returns zeroed shared views, and free lets the next alloc reuse the memory', () => {
  const a = engine.alloc(Float64Array, 1000)
  assert.instance(a.buffer, SharedArrayBuffer)
  assert.ok(a.every((x) => x === 0))
  a.fill(7)
  const address = a.byteOffset
  engine.free(a)
  const b = engine.alloc(Float64Array, 1000)
  assert.is(b.byteOffset, address, 'same bytes reused')
  assert.ok(b.every((x) => x === 0), 'and cleared')
  engine.free(b)
})

test('memory grows on demand and earlier views keep their contents', async () => {
  const small = engine.alloc(Uint32Array, 16)
  small.fill(42)
  const big = engine.alloc(Float64Array, 4_000_000) // 32 MB: more than the initial 16 MiB
  big.fill(1)
  assert.is(await engine.reduce('sumF64', big.length, [big]), 4_000_000)
  assert.ok(small.every((v) => v === 42))
  engine.free(big)
  engine.free(small)
})

test('alloc rejects bad sizes and types with the value in the message', async () => {
  throws(() => engine.alloc(Float64Array, -1), RangeError, /length must be an integer >= 0, got -1/)
  throws(() => engine.alloc(Float64Array, 1.5), RangeError, /got 1\.5/)
  throws(() => engine.alloc(Float64Array, NaN), RangeError, /got NaN/)
  throws(() => engine.alloc(Float64Array, '10' as never), TypeError, /length must be a number of elements, got "10"/)
  throws(() => engine.alloc(Float64Array, 2 ** 31), RangeError, /more than the \d+ bytes the engine can still allocate/)
  throws(() => engine.alloc(Array as never, 4), TypeError, /Type must be one of Float64Array.*got a function/)
  await goodCall()
})

test('free rejects views it did not hand out, and double frees', async () => {
  const xs = engine.alloc(Float64Array, 8)
  engine.free(xs)
  throws(() => engine.free(xs), RangeError, /not yet freed/)
  throws(() => engine.free(new Float64Array(8)), RangeError, /returned by engine.alloc/)
  throws(() => engine.free(42 as never), TypeError, /view must be a typed array returned by engine.alloc, got 42/)
  await goodCall()
})

test('an unknown kernel, or the wrong operation for it, is named in the error', async () => {
  await rejects(engine.reduce('sumf64' as never, 10, []), RangeError, /kernel must be one of sumF64, .*got "sumf64"/)
  const offered = await engine.reduce('sumf64' as never, 10, []).then(String, (e: Error) => e.message)
  for (const internal of ['counterNone', 'hang', 'holdLock', 'trap', 'latchArrive']) assert.not.ok(offered.includes(internal), `${internal} is not offered to users`)
  await rejects(engine.parallelFor(42 as never, 10, []), TypeError, /kernel must be a kernel name \(string\), got 42/)
  await rejects(engine.parallelFor('sumF64' as never, 10, []), TypeError, /sumF64 is a reduction: call engine.reduce/)
  await rejects(engine.reduce('mandelbrot' as never, 10, []), TypeError, /mandelbrot is a range kernel: call engine.parallelFor/)
  await rejects(engine.parallelFor('square' as never, 10, []), TypeError, /square is an item kernel: call engine.map, a Pool or an Executor/)
  await goodCall()
})

test('the wrong number or type of arguments is named in the error', async () => {
  const xs = engine.alloc(Float64Array, 10)
  const image = engine.alloc(Uint32Array, 100)
  // @ts-expect-error: each of these four calls is rejected by the types too (test/types)
  await rejects(engine.reduce('sumF64', 10, []), TypeError, /sumF64\(xs\) takes 1 argument, got 0/)
  // @ts-expect-error
  await rejects(engine.reduce('dotF64', 10, [xs]), TypeError, /dotF64\(xs, ys\) takes 2 arguments, got 1/)
  // @ts-expect-error
  await rejects(engine.reduce('sumF64', 10, [image]), TypeError, /sumF64 argument xs must be a Float64Array from engine.alloc, got a Uint32Array/)
  // @ts-expect-error
  await rejects(engine.reduce('sumF64', 10, [3]), TypeError, /xs must be a Float64Array/)
  await rejects(engine.reduce('monteCarloPi', 10, [-1]), RangeError, /seed must be an integer in \[0, 2\^32\) \(u32\), got -1/)
  await rejects(engine.reduce('monteCarloPi', 10, ['1' as never]), TypeError, /seed must be .*got "1"/)
  await rejects(engine.parallelFor('mandelbrot', 10, [image, 10, 10, 0, 0, 1, 1, 2.5]), RangeError, /maxIter .*got 2\.5/)
  await rejects(engine.parallelFor('mandelbrot', 10, [image, 0, 10, 0, 0, 1, 1, 5]), RangeError, /width must be >= 1, got 0/)
  await rejects(engine.reduce('sumF64', 10, xs as never), TypeError, /args of sumF64 must be an array/)
  engine.free(xs)
  engine.free(image)
  await goodCall()
})

test('a length or pointer outside its allocation is a RangeError', async () => {
  const xs = engine.alloc(Float64Array, 100)
  const image = engine.alloc(Uint32Array, 100)
  await rejects(engine.reduce('sumF64', 101, [xs]), RangeError, /xs must hold at least 101 elements for n = 101, got a Float64Array of length 100/)
  await rejects(engine.reduce('sumF64', -1, [xs]), RangeError, /n \(sumF64 elements\) must be an integer in \[0, 2147483647\], got -1/)
  await rejects(engine.reduce('sumF64', 2.5, [xs]), RangeError, /got 2\.5/)
  await rejects(engine.reduce('sumF64', '5' as never, [xs]), TypeError, /n \(sumF64 elements\) must be a number, got "5"/)
  await rejects(engine.parallelFor('mandelbrot', 11, [image, 10, 10, 0, 0, 1, 1, 5]), RangeError, /n \(mandelbrot rows\) must be <= height \(10\), got 11/)
  await rejects(engine.parallelFor('mandelbrot', 10, [image, 20, 10, 0, 0, 1, 1, 5]), RangeError, /image must hold at least 200 elements/)
  await rejects(engine.reduce('sumF64', 10, [new Float64Array(10)]), TypeError, /view of this engine's memory/)
  const tail = xs.subarray(50)
  assert.is(await engine.reduce('sumF64', tail.length, [tail]), 0, 'a subarray of a live allocation is fine')
  engine.free(xs)
  await rejects(engine.reduce('sumF64', 10, [xs]), RangeError, /does not lie inside a live allocation/)
  await rejects(engine.reduce('sumF64', 10, [tail]), RangeError, /does not lie inside a live allocation/)
  engine.free(image)
  await goodCall()
})

test('bad region options are named in the error', async () => {
  const xs = engine.alloc(Float64Array, 10)
  await rejects(engine.reduce('sumF64', 10, [xs], { schedule: 'auto' as never }), TypeError, /options.schedule must be one of 'static', 'dynamic', 'guided', got "auto"/)
  await rejects(engine.reduce('sumF64', 10, [xs], { chunk: 0 }), RangeError, /options.chunk must be an integer in \[1, 2\^31\), got 0/)
  await rejects(engine.reduce('sumF64', 10, [xs], { signal: {} as never }), TypeError, /options.signal must be an AbortSignal/)
  engine.free(xs)
  await goodCall()
})

test('an option a call does not take is a TypeError naming it, the call and the options it takes', async () => {
  const xs = engine.alloc(Float64Array, 10)
  const region = '\\{ schedule\\?, chunk\\?, signal\\?, timeoutMs\\? \\}'
  await rejects(engine.reduce('sumF64', 10, [xs], { chunkSize: 2 } as never), TypeError,
    new RegExp(`^engine.reduce has no option "chunkSize": its options are ${region} \\(did you mean "chunk"\\?\\)$`))
  await rejects(engine.parallelFor('noop', 10, [], { timeout: 5 } as never), TypeError, new RegExp(`^engine.parallelFor has no option "timeout": its options are ${region}`))
  throws(() => engine.reduceSync('sumF64', 10, [xs], { order: 'static' } as never), TypeError, new RegExp(`^engine.reduceSync has no option "order": its options are ${region}$`))
  throws(() => engine.parallelForSync('noop', 10, [], { threads: 1 } as never), TypeError, /^engine.parallelForSync has no option "threads"/)
  // Pool's word is chunksize, the engine's is chunk: a map given Pool's word says so rather than running with the default chunk.
  await rejects(engine.map('square', [1, 2], { chunksize: 1 } as never), TypeError,
    /^engine.map has no option "chunksize": its options are \{ chunk\?, signal\?, onChunk\?, tuples\?, timeoutMs\? \} \(did you mean "chunk"\?\)$/)
  await rejects(engine.runAll([{ kernel: 'square', args: [2] }], { onsettle: () => {} } as never), TypeError,
    /^engine.runAll has no option "onsettle": its options are \{ signal\?, onSettle\?, timeoutMs\? \} \(did you mean "onSettle"\?\)$/)
  await rejects(engine.trace({ reset: true } as never), TypeError, /^engine.trace has no option "reset": its options are \{ clear\? \}$/)
  await rejects(engine.map('square', [1], null as never), TypeError, /^engine.map options must be an object \{ chunk\?, .* \}, got null$/)
  engine.free(xs)
  await goodCall()
})

test('n = 0 runs nothing and reduce returns the identity', async () => {
  const xs = engine.alloc(Float64Array, 1)
  assert.is(await engine.reduce('sumF64', 0, [xs]), 0)
  assert.equal(await engine.reduce('minMaxF64', 0, [xs]), { min: Infinity, max: -Infinity })
  await engine.parallelFor('noop', 0)
  engine.free(xs)
})

for (const [kind, pattern] of [[0, /RuntimeError: unreachable/], [1, /RuntimeError: memory access out of bounds/], [2, /abort: trap kernel asked to abort/]] as const) {
  test(`a trap (kind ${kind}) rejects with the kernel, its range and the message; the next call succeeds`, async () => {
    for (const schedule of SCHEDULES) {
      try {
        await internal(engine).parallelFor('trap', 1000, [kind, 500], { schedule, chunk: 10 })
        assert.unreachable('the trap should reject')
      } catch (error) {
        assert.instance(error, KernelError)
        const trap = error as KernelError
        assert.is(trap.kernel, 'trap')
        const [begin, end] = trap.range!
        assert.ok(begin <= 500 && 500 < end, `range [${begin}, ${end}) holds index 500`)
        if (schedule !== 'guided') assert.equal(trap.range, [500, 510], 'static and dynamic chunks are 10 indices')
        assert.match(trap.message, new RegExp(`^kernel trap trapped on indices \\[${begin}, ${end}\\) in worker [01]: `))
        assert.match(trap.message, pattern)
      }
      await goodCall()
    }
  })
}

test('a trap in a reduce rejects too, and the engine keeps working', async () => {
  // countPrimes never traps, so a trap in the middle of queued regions stands in.
  const results = await Promise.allSettled([
    engine.reduce('countPrimes', 10_000, []),
    internal(engine).parallelFor('trap', 100, [0, 3]),
    engine.reduce('countPrimes', 10_000, []),
  ])
  assert.equal(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
  assert.is((results[2] as PromiseFulfilledResult<number>).value, 1229)
})

test('an abort right after the call, region after region, always rejects with AbortError', async () => {
  // The region may already be published (nothing queued before it) or wait for
  // a worker still leaving the last one: the abort must land either way.
  for (let i = 0; i < 20; i++) {
    const controller = new AbortController()
    const primes = engine.reduce('countPrimes', 5_000_000, [], { signal: controller.signal })
    controller.abort()
    assert.instance(await primes.catch((e: unknown) => e), AbortError, `call ${i}`)
  }
})

test('an AbortSignal: aborted before rejects at once; during skips the rest; after has no effect', async () => {
  const xs = engine.alloc(Float64Array, 1000)
  await rejects(engine.reduce('sumF64', 1000, [xs], { signal: AbortSignal.abort() }), AbortError, /aborted before it started/)

  const controller = new AbortController()
  const image = engine.alloc(Uint32Array, 512 * 512)
  const running = engine.parallelFor('mandelbrot', 512, [image, 512, 512, -2, -1.5, 1, 1.5, 100_000], { chunk: 1, signal: controller.signal })
  setTimeout(() => controller.abort(), 20)
  await rejects(running, AbortError, /mandelbrot was aborted/)
  assert.ok(image.some((v) => v === 0), 'some rows were skipped')

  const late = new AbortController()
  xs.fill(1)
  assert.is(await engine.reduce('sumF64', 1000, [xs], { signal: late.signal }), 1000)
  late.abort()
  engine.free(xs)
  engine.free(image)
  await goodCall()
})

test('regions queue: many calls at once all complete, in order, with the right results', async () => {
  const xs = engine.alloc(Float64Array, 10_000)
  fillFloats(xs, random(11))
  const expected = reference.sumF64(xs, 0, xs.length)
  const sums = await Promise.all(Array.from({ length: 50 }, () => engine.reduce('sumF64', xs.length, [xs])))
  assert.ok(sums.every((s) => s === sums[0] && Math.abs(s - expected) < 1e-9))
  engine.free(xs)
})

test.run()

// ─── start (close and terminate: lifecycle.test.ts) ──────────────────────────

const lifecycle = suite('Engine.start')

lifecycle('bad start options are named in the error', async () => {
  await rejects(Engine.start({ threads: 0 }), RangeError, /threads must be an integer in \[1, 256\], got 0/)
  await rejects(Engine.start({ threads: 1.5 }), RangeError, /threads must be an integer in \[1, 256\], got 1\.5/)
  await rejects(Engine.start({ threads: '2' as never }), TypeError, /threads must be an integer >= 1, got "2"/)
  await rejects(Engine.start({ memory: { maximumBytes: 2 ** 33 } }), RangeError, /memory.maximumBytes must be an integer in \[65536, 4294967296\] bytes, got 8589934592/)
  await rejects(Engine.start({ memory: { initialBytes: 2 ** 24, maximumBytes: 2 ** 20 } }), RangeError, /maximumBytes must be >= memory.initialBytes/)
  await rejects(Engine.start(null as never), TypeError, /^Engine.start options must be an object \{ threads\?, memory\?, startTimeoutMs\?, trace\?, module\? \}, got null$/)
  await rejects(Engine.start({ thread: 2 } as never), TypeError,
    /^Engine.start has no option "thread": its options are \{ threads\?, memory\?, startTimeoutMs\?, trace\?, module\? \} \(did you mean "threads"\?\)$/)
  await rejects(Engine.start({ memory: { initial: 2 ** 20 } } as never), TypeError, /^Engine.start memory has no option "initial": its options are \{ initialBytes\?, maximumBytes\? \} \(did you mean "initialBytes"\?\)$/)
  await rejects(Engine.start({ module: { wasm: new Uint8Array(8), kernels: {}, types: '' } } as never), TypeError, /^Engine.start module has no option "types": its options are \{ wasm, kernels \}$/)
})

lifecycle.run()
