// Synchronous regions (parallelForSync, reduceSync): the calling thread is the
// last member of the team, as OpenMP's master thread; results equal the async
// calls' to the bit, traps and timeouts are reported, and the engine goes on.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AbortError, Engine, KernelError, TimeoutError, reference } from '../../src/index.js'
import { SCHEDULES } from '../../src/region/schedule.js'
import { fillFloats, random } from '../support/random.js'
import { internal } from '../support/internal-kernels.js'

const test = suite('synchronous regions')

const image = (side: number) => [side, side, -2.2, -1.2, 0.8, 1.2, 200] as const

test('parallelForSync draws the same mandelbrot as the reference, for 1, 2 and 3 threads and every schedule', async () => {
  const side = 96
  const expected = new Uint32Array(side * side)
  reference.mandelbrot(expected, ...image(side), 0, side)
  for (const threads of [1, 2, 3]) {
    const engine = await Engine.start({ threads })
    try {
      const pixels = engine.alloc(Uint32Array, side * side)
      for (const schedule of SCHEDULES) {
        for (const chunk of [undefined, 1, 7]) {
          pixels.fill(0)
          engine.parallelForSync('mandelbrot', side, [pixels, ...image(side)], { schedule, ...(chunk && { chunk }) })
          assert.equal(pixels, expected, `${threads} threads, ${schedule}, chunk ${chunk}`)
        }
      }
    } finally {
      await engine.close()
    }
  }
})

test('reduceSync gives the same bits as reduce, for every thread count and schedule', async () => {
  const rng = random(7)
  const xs = new Float64Array(200_003)
  fillFloats(xs, rng, -1e6, 1e6)
  for (const threads of [1, 2, 3, 4]) {
    const engine = await Engine.start({ threads })
    try {
      const view = engine.alloc(Float64Array, xs.length)
      view.set(xs)
      const words = engine.alloc(Uint32Array, 100_000)
      for (let i = 0; i < words.length; i++) words[i] = Math.imul(i, 2654435761) >>> 0
      for (const schedule of SCHEDULES) {
        assert.is(engine.reduceSync('sumF64', xs.length, [view], { schedule }), await engine.reduce('sumF64', xs.length, [view], { schedule }))
        assert.equal(engine.reduceSync('minMaxF64', xs.length, [view], { schedule }), await engine.reduce('minMaxF64', xs.length, [view], { schedule }))
        assert.equal(engine.reduceSync('histogramU32', words.length, [words], { schedule }), await engine.reduce('histogramU32', words.length, [words], { schedule }))
      }
      assert.is(engine.reduceSync('countPrimes', 100_000), 9_592)
      assert.is(engine.reduceSync('sumF64', 0, [view]), 0, 'an empty reduce is the identity')
    } finally {
      await engine.close()
    }
  }
})

test('a trap in the caller\'s chunk or a worker\'s throws KernelError naming who; the next call works', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const names = new Set<string>()
    for (let i = 0; i < 20 && names.size < 2; i++) {
      const error = (() => { try { internal(engine).parallelForSync('trap', 2, [0, i % 2], { schedule: 'static', chunk: 1 }) } catch (e) { return e } })()
      assert.instance(error, KernelError)
      assert.match((error as Error).message, /^kernel trap trapped on indices \[\d, \d\) in (the calling thread|worker 0): RuntimeError: unreachable$/)
      names.add(/in (the calling thread|worker 0)/.exec((error as Error).message)![1]!)
      const ones = engine.alloc(Float64Array, 10).fill(1)
      assert.is(engine.reduceSync('sumF64', 10, [ones]), 10)
      engine.free(ones)
    }
    assert.ok(names.has('the calling thread'), 'the caller ran a trapping chunk at least once')
  } finally {
    await engine.close()
  }
})

test('a sync call while async calls are pending throws and says what to do; after engine.idle() it runs', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const pending = engine.reduce('countPrimes', 2_000_000)
    assert.throws(() => engine.reduceSync('countPrimes', 1_000), /^engine.reduceSync\(countPrimes\) cannot run while async calls are pending on this engine: await them first \(await engine.idle\(\)\)$/)
    await engine.idle()
    assert.is(await pending, 148_933)
    assert.is(engine.reduceSync('countPrimes', 1_000), 168)
  } finally {
    await engine.close()
  }
})

test('timeoutMs bounds the wait for hung workers: TimeoutError, the team is replaced, the engine goes on', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const flag = engine.alloc(Int32Array, 1)
    // The caller's own token: hangExcept spares it, so only workers hang.
    const caller = (engine as unknown as { team: { caller: { token: number } } }).team.caller.token
    let timedOut = 0
    for (let attempt = 0; attempt < 10 && timedOut === 0; attempt++) {
      const started = performance.now()
      try {
        // Many small chunks: the worker claims some of them, unless the caller is done before it wakes.
        internal(engine).parallelForSync('hangExcept', 100_000, [flag, caller], { schedule: 'dynamic', chunk: 1, timeoutMs: 200 })
      } catch (error) {
        assert.instance(error, TimeoutError)
        assert.match((error as Error).message, /did not finish within 200 ms; its workers are being replaced/)
        assert.ok(performance.now() - started < 5_000)
        timedOut++
      }
      await engine.idle()
    }
    assert.is(timedOut, 1, 'a worker hung, and the wait for it ended')
    assert.ok(engine.replacedWorkers >= 2)
    const ones = engine.alloc(Float64Array, 1000).fill(1)
    assert.is(engine.reduceSync('sumF64', 1000, [ones]), 1000)
  } finally {
    await engine.close()
  }
})

test('bad input, an aborted signal and a closed engine throw as the async calls reject', async () => {
  const engine = await Engine.start({ threads: 2 })
  const xs = engine.alloc(Float64Array, 100)
  assert.throws(() => engine.reduceSync('sumF64', 101, [xs]), /sumF64 argument xs must hold at least 101 elements for n = 101/)
  assert.throws(() => engine.parallelForSync('sumF64' as never, 10), /kernel sumF64 is a reduction: call engine.reduce/)
  assert.throws(() => engine.parallelForSync('noop', 10, [], { schedule: 'fast' as never }), TypeError)
  assert.throws(() => engine.parallelForSync('noop', 10, [], { signal: AbortSignal.abort() }), (e: unknown) => e instanceof AbortError)
  engine.parallelForSync('noop', 0)
  await engine.close()
  assert.throws(() => engine.reduceSync('sumF64', 100, [xs]), /engine.reduceSync\(\) called after engine.close\(\)/)
})

test.run()
