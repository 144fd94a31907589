// Executor and Future, after CPython's test_concurrent_futures.

import * as assert from 'uvu/assert'
import {
  AbortError, asCompleted, CancelledError, Engine, Executor, KernelError, Process, StateError, TimeoutError, wait,
} from '../../src/index.js'
import { rejects, throws } from '../support/assertions.js'
import { internal } from '../support/internal-kernels.js'
import { suite } from '../support/suite.js'

const test = suite('Executor')
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

test('submit returns an awaitable Future with the result', async () => {
  const executor = new Executor(engine)
  const future = executor.submit('power', 2, 5)
  assert.is(await future, 32)
  assert.ok(future.done())
  assert.is(await future.result(), 32)
  assert.is(await future.exception(), undefined)
  assert.ok(future.worker === 0 || future.worker === 1)
})

test('a failing call fails only its own future', async () => {
  const executor = new Executor(engine)
  const good = executor.submit('square', 3)
  const bad = executor.submit('checkedSqrt', -4)
  assert.is(await good, 9)
  const error = await bad.exception()
  assert.instance(error, KernelError)
  assert.match((error as Error).message, /checkedSqrt\(-4\) failed in worker \d: abort: negative input/)
  assert.ok(bad.failed())
  await bad.result().then(() => assert.unreachable(), (e: unknown) => assert.is(e, error))
})

test('bad arguments reject that future with a TypeError or RangeError, not the batch', async () => {
  const executor = new Executor(engine)
  // @ts-expect-error: square takes one argument, as the types say too
  const wrong = executor.submit('square', 1, 2)
  const fine = executor.submit('square', 7)
  const negative = executor.submit('isPrime', -3)
  assert.match(String(await wrong.exception()), /TypeError: square\(x\) takes 1 argument, got 2/)
  assert.match(String(await negative.exception()), /RangeError: isPrime n of the call must be >= 0, got -3/)
  assert.is(await fine, 49)
})

test('cancel succeeds only before the call starts', async () => {
  const executor = new Executor(internal(engine))
  // A call that runs until the test lets it go: "running" does not depend on timing.
  const gate = engine.alloc(Int32Array, 1)
  const first = executor.submit('hang', gate, 0, 0, 1)
  await Promise.resolve() // the first batch goes out at the end of this tick
  await new Promise((r) => setTimeout(r, 0))
  const queued = executor.submit('fibonacci', 20)
  assert.not.ok(first.cancel(), 'already running')
  assert.ok(first.running())
  const later = executor.submit('square', 2)
  assert.ok(later.cancel(), 'pending: cancelled')
  assert.ok(later.cancelled() && later.done())
  assert.instance(await later.exception().catch((e: unknown) => e), CancelledError)
  Atomics.store(gate, 0, 1)
  assert.ok(Number.isNaN(await first), 'hang returns nothing: a call of a void kernel resolves to NaN')
  assert.is(await queued, 6_765)
  engine.free(gate)
})

test('result(timeoutMs) times out without cancelling', async () => {
  const executor = new Executor(engine)
  const slow = executor.submit('fibonacci', 32)
  const error = await slow.result(1).catch((e: unknown) => e)
  assert.instance(error, TimeoutError)
  assert.match((error as Error).message, /Future.result did not finish within 1 ms/)
  assert.is(await slow.result(), 2_178_309)
})

test('asCompleted yields each future once, in completion order', async () => {
  const executor = new Executor(internal(engine))
  // The slow call runs until the three fast ones have been yielded: "last" does not depend on timing.
  const gate = engine.alloc(Int32Array, 1)
  const slow = executor.submit('hang', gate, 0, 0, 1)
  const fast = [1, 2, 3].map((x) => executor.submit('square', x))
  const order: unknown[] = []
  for await (const future of asCompleted([slow, ...fast])) {
    order.push(future)
    if (order.length === 3) Atomics.store(gate, 0, 1)
  }
  assert.is(order.length, 4)
  assert.is(new Set(order).size, 4, 'each once')
  assert.is(order[3], slow, 'the slow one finishes last')
  engine.free(gate)
})

test('wait: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and a timeout', async () => {
  const executor = new Executor(engine)
  const slow = executor.submit('fibonacci', 32)
  const quick = executor.submit('square', 2)
  const first = await wait([slow, quick], { returnWhen: 'FIRST_COMPLETED' })
  assert.ok(first.done.has(quick))
  const failing = executor.submit('checkedSqrt', -1)
  const exception = await wait([slow, failing], { returnWhen: 'FIRST_EXCEPTION' })
  assert.ok(exception.done.has(failing))
  const timed = await wait([executor.submit('fibonacci', 33)], { timeoutMs: 5 })
  assert.is(timed.done.size, 0)
  assert.is(timed.notDone.size, 1)
  const all = await wait([slow, quick, failing])
  assert.is(all.done.size, 3)
  await wait(timed.notDone)
})

test('a signal: aborted before start cancels the future; aborted while running drops the result', async () => {
  const executor = new Executor(engine)
  const before = executor.submit('square', 2, { signal: AbortSignal.abort() })
  assert.instance(await before.exception(), AbortError)
  // A call held running until the test lets it go: the abort lands while it runs, whatever the timing.
  const gate = engine.alloc(Int32Array, 1)
  const controller = new AbortController()
  const running = new Executor(internal(engine)).submit('hang', gate, 0, 0, 1, { signal: controller.signal })
  await new Promise((r) => setTimeout(r, 5))
  assert.ok(running.running())
  controller.abort()
  assert.instance(await running.exception().catch((e: unknown) => e), AbortError)
  Atomics.store(gate, 0, 1)
  assert.is(await executor.submit('square', 5), 25)
  engine.free(gate)
})

test('shutdown with cancelFutures cancels what has not started and refuses new work', async () => {
  const executor = new Executor(internal(engine))
  // The first call holds its batch until the test lets it go, so the next ones are still pending at shutdown.
  const gate = engine.alloc(Int32Array, 1)
  const running = executor.submit('hang', gate, 0, 0, 1)
  await new Promise((r) => setTimeout(r, 0))
  const pending = [1, 2, 3].map((x) => executor.submit('square', x))
  const shutdown = executor.shutdown({ cancelFutures: true })
  assert.ok(pending.every((f) => f.cancelled()))
  Atomics.store(gate, 0, 1)
  await shutdown
  assert.ok(Number.isNaN(await running), 'the running call finished')
  engine.free(gate)
  assert.throws(() => executor.submit('square', 1), /after shutdown\(\)/)
})

test('map yields results in order', async () => {
  const executor = new Executor(engine)
  const out: number[] = []
  for await (const v of executor.map('square', [1, 2, 3, 4, 5], { chunksize: 2 })) out.push(v)
  assert.equal(out, [1, 4, 9, 16, 25])
})

test('a burst of 10 000 submits goes out in a few batches and every future settles right', async () => {
  const executor = new Executor(engine)
  const futures = Array.from({ length: 10_000 }, (_, i) => executor.submit('square', i))
  const values = await Promise.all(futures)
  assert.ok(values.every((v, i) => v === i * i))
})

test('submit and map take { signal, timeoutMs }: a timed-out call rejects with TimeoutError, calls without a bound are not caught in it', async () => {
  const executor = new Executor(engine)
  const slow = executor.submit('fibonacci', 40, { timeoutMs: 50 })
  const quick = executor.submit('square', 9)
  assert.instance(await slow.exception(), TimeoutError)
  assert.is(await quick, 81, 'submitted in the same tick, but not in the timed-out region')
  const mapError = await (async () => { for await (const _ of executor.map('fibonacci', [40, 40], { timeoutMs: 50 })); })().catch((e: unknown) => e)
  assert.instance(mapError, TimeoutError)
  assert.throws(() => executor.submit('square', 1, { timeout: 5 } as never), /Executor.submit has no option "timeout": its options are \{ signal\?, timeoutMs\? \}/)
  assert.throws(() => executor.map('square', [1], { chunkSize: 5 } as never), /Executor.map has no option "chunkSize"/)
  assert.is(await executor.submit('square', 5, { timeoutMs: 10_000 }), 25)
})

test('every options object is checked: an option a call does not take is a TypeError naming the call and its options', async () => {
  const future = new Executor(engine).submit('square', 3)
  throws(() => asCompleted([future], { timeout: 5 } as never), TypeError, /^asCompleted has no option "timeout": its options are \{ timeoutMs\? \} \(did you mean "timeoutMs"\?\)$/)
  await rejects(wait([future], { return_when: 'FIRST_COMPLETED' } as never), TypeError, /^wait has no option "return_when": its options are \{ returnWhen\?, timeoutMs\?, signal\? \}$/)
  throws(() => new Executor(engine, { batch: 10 } as never), TypeError, /^new Executor has no option "batch": its options are \{ maxBatch\? \}$/)
  await rejects(new Executor(engine).shutdown({ cancel_futures: true } as never), TypeError, /^Executor.shutdown has no option "cancel_futures": its options are \{ wait\?, cancelFutures\? \}$/)
  assert.is(await future, 9)
})

test.run()

const processes = suite('Process')

processes('processes started together run different kernels at the same time, on different workers', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const image = engine.alloc(Uint32Array, 256 * 256)
    const primes = new Process(engine, 'countPrimes', [0, 2_000_000])
    const fractal = new Process(engine, 'mandelbrot', [image, 256, 256, -2, -1.5, 1, 1.5, 2_000, 0, 256])
    assert.is(primes.exitCode, null)
    primes.start()
    fractal.start()
    await Promise.all([primes.join(), fractal.join()])
    assert.is(primes.exitCode, 0)
    assert.is(fractal.exitCode, 0)
    assert.is(await primes.result(), 148_933)
    assert.ok(image.some((v) => v === 2_000))
    assert.is.not(primes.worker, fractal.worker, 'each ran on its own worker')
    const failing = new Process(engine, 'checkedSqrt', [-1])
    failing.start()
    await failing.join()
    assert.is(failing.exitCode, 1)
  } finally {
    await engine.close()
  }
})

processes('join(timeoutMs) returns after the timeout with the process still running, as Python\'s join(timeout)', async () => {
  const engine = await Engine.start({ threads: 1 })
  try {
    const slow = new Process(engine, 'fibonacci', [36])
    slow.start()
    await slow.join(20)
    assert.is(slow.exitCode, null, 'still running: exitCode is null')
    await slow.join()
    assert.is(slow.exitCode, 0)
    assert.is(await slow.result(), 14_930_352)
    await rejects(new Process(engine, 'square', [2]).join(), StateError, /join\(\) called before start\(\)/)
    const bad = new Process(engine, 'square', [2])
    bad.start()
    await rejects(bad.join(-1), RangeError, /Process.join timeoutMs must be a number of ms in \[0, 2\^31\), or Infinity, got -1/)
  } finally {
    await engine.close()
  }
})


processes.run()
