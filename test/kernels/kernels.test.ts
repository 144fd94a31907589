// Every kernel against its TypeScript reference, on seeded random inputs, for
// 1..4 threads and every schedule. Integers must match exactly; floats within
// FLOAT_TOLERANCE (relative), since reduce sums in blocks and the reference
// sums left to right. matmul and mandelbrot do the same float operations in
// the same order as their references, so they match exactly.

import * as assert from 'uvu/assert'
import { Engine, reference } from '../../src/index.js'
import { SCHEDULES } from '../../src/region/schedule.js'
import { close, fillFloats, fillU32, random } from '../support/random.js'
import { suite } from '../support/suite.js'

const FLOAT_TOLERANCE = 1e-10
const THREADS = [1, 2, 3, 4]

const test = suite('kernels equal their references')
const engines: Engine[] = []
test.before(async () => {
  engines.push(...(await Promise.all(THREADS.map((threads) => Engine.start({ threads })))))
})
test.after(async () => {
  await Promise.all(engines.map((engine) => engine.close()))
})

/** Runs `check` on every engine × schedule × a chunk choice (default and small). */
async function everywhere(check: (engine: Engine, options: { schedule: (typeof SCHEDULES)[number]; chunk?: number }, label: string) => Promise<void>) {
  for (const engine of engines) {
    for (const schedule of SCHEDULES) {
      for (const chunk of [undefined, 3]) {
        const options = chunk === undefined ? { schedule } : { schedule, chunk }
        await check(engine, options, `threads ${engine.threads}, ${schedule}, chunk ${chunk ?? 'default'}`)
      }
    }
  }
}

test('sumF64 and sumF64Simd', async () => {
  await everywhere(async (engine, options, label) => {
    const xs = fillFloats(engine.alloc(Float64Array, 10_007), random(1))
    const expected = reference.sumF64(xs, 0, xs.length)
    assert.ok(close(await engine.reduce('sumF64', xs.length, [xs], options), expected, FLOAT_TOLERANCE), label)
    assert.ok(close(await engine.reduce('sumF64Simd', xs.length, [xs], options), expected, FLOAT_TOLERANCE), label)
    engine.free(xs)
  })
})

test('dotF64 and dotF64Simd', async () => {
  await everywhere(async (engine, options, label) => {
    const xs = fillFloats(engine.alloc(Float64Array, 5_003), random(2))
    const ys = fillFloats(engine.alloc(Float64Array, 5_003), random(3))
    const expected = reference.dotF64(xs, ys, 0, xs.length)
    assert.ok(close(await engine.reduce('dotF64', xs.length, [xs, ys], options), expected, FLOAT_TOLERANCE), label)
    assert.ok(close(await engine.reduce('dotF64Simd', xs.length, [xs, ys], options), expected, FLOAT_TOLERANCE), label)
    engine.free(xs)
    engine.free(ys)
  })
})

test('minMaxF64', async () => {
  await everywhere(async (engine, options, label) => {
    const xs = fillFloats(engine.alloc(Float64Array, 4_099), random(4), -1e6, 1e6)
    const out = new Float64Array(2)
    reference.minMaxF64(xs, out, 0, xs.length)
    assert.equal(await engine.reduce('minMaxF64', xs.length, [xs], options), { min: out[0], max: out[1] }, label)
    engine.free(xs)
  })
})

test('histogramU32', async () => {
  await everywhere(async (engine, options, label) => {
    const xs = fillU32(engine.alloc(Uint32Array, 20_011), random(5))
    const expected = new Uint32Array(256)
    reference.histogramU32(xs, expected, 0, xs.length)
    const bins = await engine.reduce('histogramU32', xs.length, [xs], options)
    assert.equal(Array.from(bins), Array.from(expected), label)
    engine.free(xs)
  })
})

test('mandelbrot and mandelbrotSimd, odd width', async () => {
  const [width, height, maxIter] = [97, 61, 200]
  const viewport = [-2.2, -1.3, 0.8, 1.3] as const
  const expected = new Uint32Array(width * height)
  reference.mandelbrot(expected, width, height, ...viewport, maxIter, 0, height)
  await everywhere(async (engine, options, label) => {
    const image = engine.alloc(Uint32Array, width * height)
    for (const kernel of ['mandelbrot', 'mandelbrotSimd'] as const) {
      image.fill(0xdead)
      await engine.parallelFor(kernel, height, [image, width, height, ...viewport, maxIter], options)
      assert.ok(image.every((v, i) => v === expected[i]), `${kernel}, ${label}`)
    }
    engine.free(image)
  })
})

test('matmulF64 and matmulF64Simd, odd and even n', async () => {
  for (const n of [33, 48]) {
    const next = random(n)
    const a = fillFloats(new Float64Array(n * n), next)
    const b = fillFloats(new Float64Array(n * n), next)
    const expected = new Float64Array(n * n)
    reference.matmulF64(a, b, expected, n, 0, n)
    await everywhere(async (engine, options, label) => {
      const [A, B, C] = [engine.alloc(Float64Array, n * n), engine.alloc(Float64Array, n * n), engine.alloc(Float64Array, n * n)]
      A.set(a)
      B.set(b)
      for (const kernel of ['matmulF64', 'matmulF64Simd'] as const) {
        C.fill(NaN)
        await engine.parallelFor(kernel, n, [A, B, C, n], options)
        assert.ok(C.every((v, i) => v === expected[i]), `${kernel} n=${n}, ${label}`)
      }
      for (const view of [A, B, C]) engine.free(view)
    })
  }
})

test('countPrimes', async () => {
  assert.is(reference.countPrimes(0, 10_000), 1_229, 'the reference itself knows π(10^4)')
  assert.is(reference.countPrimes(0, 100_000), 9_592, 'and π(10^5)')
  const expected = reference.countPrimes(0, 30_011)
  await everywhere(async (engine, options, label) => {
    assert.is(await engine.reduce('countPrimes', 30_011, [], options), expected, label)
  })
})

test('monteCarloPi is exact for every thread count and schedule', async () => {
  const n = 100_003
  const expected = reference.monteCarloPi(42, 0, n)
  assert.ok(Math.abs((4 * expected) / n - Math.PI) < 0.02, 'the estimate is near π')
  await everywhere(async (engine, options, label) => {
    assert.is(await engine.reduce('monteCarloPi', n, [42], options), expected, label)
  })
})

test.run()
