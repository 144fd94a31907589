// The RGBA stencils against their references, byte for byte: random small
// images (width or height 1 included) on 1, 2 and 3 threads, every schedule,
// the engine's chunks and chunks of one row. fast-check, seeded and bounded.

import fc from 'fast-check'
import * as assert from 'uvu/assert'
import { Engine, gaussianWeights, reference } from '../../src/index.js'
import { SCHEDULES } from '../../src/region/schedule.js'
import { rejects, throws } from '../support/assertions.js'
import { suite } from '../support/suite.js'

const THREADS = [1, 2, 3]
const RUNS = { seed: 23, numRuns: 12 } as const

const test = suite('stencils equal their references')
const engines: Engine[] = []
test.before(async () => {
  engines.push(...(await Promise.all(THREADS.map((threads) => Engine.start({ threads })))))
})
test.after(async () => {
  await Promise.all(engines.map((engine) => engine.close()))
})

/** A random RGBA image: width, height in [1, 23] (1 often), and its bytes. */
const image = fc.record({ width: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 23 })), height: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 23 })) })
  .chain(({ width, height }) => fc.record({
    width: fc.constant(width), height: fc.constant(height),
    bytes: fc.uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 }),
  }))

type Image = { width: number; height: number; bytes: Uint8Array }

/**
 * Runs `kernel` on `source` on every engine × schedule × chunking and checks
 * dst equals `expected`; `args` are the arguments after src, dst, width, height.
 */
async function everywhere(kernel: 'boxBlurRgba' | 'sobelRgba' | 'gaussianRowsRgba' | 'gaussianColumnsRgba', source: Image,
  expected: Uint8Array, args: (engine: Engine) => number[] | Promise<number[]>, freeArgs: (engine: Engine) => void = () => {}): Promise<void> {
  const { width, height, bytes } = source
  for (const engine of engines) {
    const src = engine.alloc(Uint8ClampedArray, bytes.length)
    const dst = engine.alloc(Uint8ClampedArray, bytes.length)
    src.set(bytes)
    try {
      for (const schedule of SCHEDULES) {
        for (const chunk of [undefined, 1]) {
          dst.fill(0xa5)
          const options = chunk === undefined ? { schedule } : { schedule, chunk }
          await engine.parallelFor(kernel as 'sobelRgba', height, [src, dst, width, height, ...await args(engine)] as never, options)
          assert.equal(Array.from(dst), Array.from(expected), `${kernel} ${width}×${height}, threads ${engine.threads}, ${schedule}, chunk ${chunk ?? 'default'}`)
        }
      }
    } finally {
      engine.free(src)
      engine.free(dst)
      freeArgs(engine)
    }
  }
}

test('boxBlurRgba, radius 0 to 4', async () => {
  await fc.assert(fc.asyncProperty(image, fc.integer({ min: 0, max: 4 }), async (source, radius) => {
    const expected = new Uint8Array(source.bytes.length)
    reference.boxBlurRgba(source.bytes, expected, source.width, source.height, radius, 0, source.height)
    await everywhere('boxBlurRgba', source, expected, () => [radius])
  }), RUNS)
})

test('sobelRgba', async () => {
  await fc.assert(fc.asyncProperty(image, async (source) => {
    const expected = new Uint8Array(source.bytes.length)
    reference.sobelRgba(source.bytes, expected, source.width, source.height, 0, source.height)
    await everywhere('sobelRgba', source, expected, () => [])
  }), RUNS)
})

test('the Gaussian passes, sigma 0.5 to 3', async () => {
  await fc.assert(fc.asyncProperty(image, fc.double({ min: 0.5, max: 3, noNaN: true }), async (source, sigma) => {
    const taps = gaussianWeights(sigma)
    const radius = taps.length - 1
    for (const pass of ['gaussianRowsRgba', 'gaussianColumnsRgba'] as const) {
      const expected = new Uint8Array(source.bytes.length)
      reference[pass](source.bytes, expected, source.width, source.height, taps, radius, 0, source.height)
      const views = new Map<Engine, Int32Array>()
      await everywhere(pass, source, expected, (engine) => {
        const weights = engine.alloc(Int32Array, taps.length)
        weights.set(taps)
        views.set(engine, weights)
        return [weights as unknown as number, radius]
      }, (engine) => engine.free(views.get(engine)!))
    }
  }), RUNS)
})

test('a whole-image box blur and Sobel of a 300×200 gradient agree on 3 threads (the SIMD blocks, not only the edges)', async () => {
  const [width, height] = [300, 200]
  const bytes = new Uint8Array(width * height * 4)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24
  for (const [kernel, args] of [['boxBlurRgba', [1]], ['boxBlurRgba', [6]], ['sobelRgba', []]] as const) {
    const expected = new Uint8Array(bytes.length)
    if (kernel === 'boxBlurRgba') reference.boxBlurRgba(bytes, expected, width, height, args[0]!, 0, height)
    else reference.sobelRgba(bytes, expected, width, height, 0, height)
    await everywhere(kernel, { width, height, bytes }, expected, () => [...args])
  }
})

test('gaussianWeights: taps sum to 65 536, fall off from the centre, and refuse a sigma outside [0.5, 32]', () => {
  for (const sigma of [0.5, 1, 2.5, 32]) {
    const taps = gaussianWeights(sigma)
    assert.is(taps.length, Math.ceil(3 * sigma) + 1)
    assert.is(taps[0]! + 2 * taps.slice(1).reduce((a, b) => a + b, 0), 65536)
    for (let k = 1; k < taps.length; k++) assert.ok(taps[k]! <= taps[k - 1]!, `sigma ${sigma}: tap ${k}`)
    assert.ok(taps[0]! < 65536)
  }
  throws(() => gaussianWeights(0.4), RangeError, /sigma must be a number in \[0\.5, 32\] \(pixels\), got 0\.4/)
  throws(() => gaussianWeights(NaN), RangeError, /sigma must be a number in \[0\.5, 32\]/)
  throws(() => gaussianWeights('2' as never), TypeError, /sigma must be a number of pixels/)
})

test('the stencils refuse a radius over 127 and an image too small for width × height', async () => {
  const engine = engines[0]!
  const src = engine.alloc(Uint8ClampedArray, 16)
  const dst = engine.alloc(Uint8ClampedArray, 16)
  try {
    await rejects(engine.parallelFor('boxBlurRgba', 2, [src, dst, 2, 2, 128]), RangeError, /boxBlurRgba argument radius must be <= 127, got 128/)
    await rejects(engine.parallelFor('sobelRgba', 2, [src, dst, 3, 2]), RangeError, /sobelRgba argument src must hold at least 24 elements/)
    await rejects(engine.parallelFor('sobelRgba', 3, [src, dst, 2, 2]), RangeError, /must be <= height \(2\), got 3/)
    await engine.parallelFor('boxBlurRgba', 2, [src, dst, 2, 2, 1])
  } finally {
    engine.free(src)
    engine.free(dst)
  }
})

test.run()
