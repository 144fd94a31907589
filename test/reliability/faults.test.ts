// Faults the engine must survive: a trap mid-region, a worker that dies, a
// kernel that hangs, a lock holder that dies, two engines side by side, and
// many start/close cycles. After each, the next call must succeed.

import { existsSync, readdirSync } from 'node:fs'
import * as assert from 'uvu/assert'
import { AbandonedLockError, Engine, KernelError, Mutex, TimeoutError, WorkerError } from '../../src/index.js'
import type { Team } from '../../src/team/team.js'
import { rejection } from '../support/assertions.js'
import { internal } from '../support/internal-kernels.js'
import { suite } from '../support/suite.js'

/** Ends worker `index` of `engine` as a crash would (fault injection reaches into the team). */
const kill = (engine: Engine, index: number) => (engine as unknown as { team: Team }).team.killWorker(index)


/** Fills a fresh view with a pattern, to check later that nothing overwrote it. */
function pattern(engine: Engine, length: number): { check(): boolean } {
  const view = engine.alloc(Uint32Array, length)
  for (let i = 0; i < length; i++) view[i] = (i * 2654435761) >>> 0
  return { check: () => view.every((v, i) => v === ((i * 2654435761) >>> 0)) }
}

const test = suite<{ engine: Engine }>('faults', { engine: undefined as unknown as Engine })
test.before(async (context) => { context.engine = await Engine.start({ threads: 2 }) })
test.after(async ({ engine }) => engine.close())

test('a trap in the middle of a long region rejects with kernel, chunk and message; the next region succeeds', async ({ engine }) => {
  for (let run = 0; run < 10; run++) {
    const error = await rejection(internal(engine).parallelFor('trap', 200_000, [2, 123_456], { chunk: 1000 }))
    assert.instance(error, KernelError)
    const trap = error as KernelError
    assert.is(trap.kernel, 'trap')
    assert.ok(trap.range![0] <= 123_456 && 123_456 < trap.range![1], `chunk [${trap.range}]`)
    assert.is(trap.trap, "abort: trap kernel asked to abort", "the trap text, as a field")
    assert.match(trap.message, 'trap kernel asked to abort')
    assert.is(await engine.reduce('countPrimes', 1000), 168)
  }
  assert.is(engine.replacedWorkers, 0, 'a trap needs no new workers')
})

test('a worker killed mid-region: the call rejects with WorkerError, the team is replaced, memory is intact', async ({ engine }) => {
  const kept = pattern(engine, 100_000)
  const flag = engine.alloc(Int32Array, 1)
  const before = engine.replacedWorkers
  // Worker-agnostic: the chunk with index 0 hangs until the flag is set, so the region is in flight.
  const call = internal(engine).parallelFor('hang', 64, [flag, 0], { chunk: 1 })
  await new Promise((resolve) => setTimeout(resolve, 50))
  const started = performance.now()
  await kill(engine, 1)
  const error = await rejection(call)
  const noticedMs = performance.now() - started
  assert.instance(error, WorkerError)
  assert.match(error.message, 'worker 1 exited')
  assert.match(error.message, 'while running kernel hang')
  assert.match(error.message, 'not rerun')
  assert.ok(noticedMs < 5000, `noticed after ${noticedMs.toFixed(0)} ms`)
  assert.is(engine.replacedWorkers, before + 2)
  assert.ok(kept.check(), 'the replacement did not touch allocated memory')
  assert.is(await engine.reduce('countPrimes', 10_000), 1229)
  engine.free(flag)
})

test('a worker killed while idle is replaced before the next call, which succeeds', async ({ engine }) => {
  const before = engine.replacedWorkers
  await kill(engine, 0)
  const squares = await engine.map('square', [1, 2, 3, 4, 5, 6, 7, 8], { chunk: 1 })
  assert.equal(Array.from(squares), [1, 4, 9, 16, 25, 36, 49, 64])
  assert.is(engine.replacedWorkers, before + 2)
})

test('a kernel that hangs: timeoutMs rejects with TimeoutError and replaces the workers', async ({ engine }) => {
  const flag = engine.alloc(Int32Array, 1)
  const kept = pattern(engine, 10_000)
  for (const timeoutMs of [50, 100]) {
    const started = performance.now()
    const error = await rejection(internal(engine).parallelFor('hang', 2, [flag, 1], { timeoutMs }))
    assert.instance(error, TimeoutError)
    assert.match(error.message, `kernel hang did not finish within ${timeoutMs} ms`)
    assert.ok(performance.now() - started >= timeoutMs)
    assert.is(await engine.reduce('monteCarloPi', 10_000, [3]), await engine.reduce('monteCarloPi', 10_000, [3]))
  }
  // A map or a runAll can time out too.
  assert.instance(await rejection(engine.runAll([{ kernel: 'hang', args: [flag, 0, 0, 1] }], { timeoutMs: 50 })
    .then((outcomes) => { throw outcomes[0]!.status === 'rejected' ? outcomes[0]!.reason : new Error('ran') })), TimeoutError)
  assert.ok(kept.check())
  assert.is(await engine.reduce('countPrimes', 100), 25)
  engine.free(flag)
})

test('a lock whose holder died is reported as abandoned, and recover() frees it', async ({ engine }) => {
  const lock = engine.alloc(Int32Array, Mutex.WORDS)
  const flag = engine.alloc(Int32Array, 1)
  // The holder takes the lock as its worker token, then hangs; the timeout kills it.
  assert.instance(await rejection(internal(engine).parallelFor('holdLock', 1, [lock, flag], { timeoutMs: 100 })), TimeoutError)
  const holder = new Mutex(lock).holder
  assert.ok(holder > 0, 'the lock names its holder')
  assert.not.ok(engine.isAlive(holder))

  const robust = new Mutex(lock, 0, { isAlive: (owner) => engine.isAlive(owner) })
  const started = performance.now()
  const error = await rejection(robust.lockAsync(10_000))
  assert.instance(error, AbandonedLockError)
  assert.is((error as AbandonedLockError).owner, holder)
  assert.ok(performance.now() - started < 5_000, 'reported at once, not after the timeout')

  // Without isAlive, a timed wait on the abandoned lock still ends at its timeout.
  const plain = new Mutex(lock)
  const waitStarted = performance.now()
  assert.instance(await rejection(plain.lockAsync(50)), TimeoutError)
  assert.ok(performance.now() - waitStarted < 50 + 5_000, 'it ended at its timeout, not at 10 s or never')

  robust.recover()
  await robust.lockAsync(100)
  robust.unlock()
  engine.free(lock)
  engine.free(flag)
})

test('an onChunk callback that throws rejects the map only after the workers are done with its memory', async ({ engine }) => {
  const items = Array.from({ length: 20_000 }, (_, i) => i % 30)
  let calls = 0
  const error = await rejection(engine.map('fibonacci', items, {
    chunk: 100,
    onChunk: () => {
      calls++
      throw new Error('callback failed')
    },
  }))
  assert.is(error.message, 'callback failed')
  assert.is(calls, 1, 'reports stop after the first failure')
  // Had the map returned early, this map would reuse blocks the old region was still writing.
  const squares = await engine.map('square', Array.from({ length: 5000 }, (_, i) => i), { chunk: 50 })
  assert.ok(squares.every((v, i) => v === i * i))
})

test('20 000 one-call regions back to back, each watched for progress: none loses its completion', async ({ engine }) => {
  // A lost wake-up (the main side asleep on DONE after the last worker's final
  // notify) once hung about one call in 50 000; fuzzing found it.
  let sum = 0
  for (let i = 0; i < 20_000; i++) {
    const [outcome] = await engine.runAll([{ kernel: 'square', args: [i % 100] }])
    if (outcome!.status === 'fulfilled') sum += outcome!.value
  }
  let expected = 0
  for (let i = 0; i < 20_000; i++) expected += (i % 100) ** 2
  assert.is(sum, expected)
})

test.run()

const together = suite('two engines')

together('two engines in one process do not interfere, and closing one leaves the other working', async () => {
  const [a, b] = await Promise.all([Engine.start({ threads: 2 }), Engine.start({ threads: 2 })])
  try {
    const side = 256
    const image = a.alloc(Uint32Array, side * side)
    const [, primes, pi] = await Promise.all([
      a.parallelFor('mandelbrot', side, [image, side, side, -2.2, -1.2, 0.8, 1.2, 64]),
      b.reduce('countPrimes', 100_000),
      a.reduce('monteCarloPi', 100_000, [1]),
    ])
    assert.is(primes, 9592)
    assert.is(pi, await b.reduce('monteCarloPi', 100_000, [1]))
    assert.ok(image.some((v) => v === 64) && image.some((v) => v < 64))
    await a.close()
    assert.is(await b.reduce('countPrimes', 1000), 168)
  } finally {
    await Promise.all([a.close(), b.close()])
  }
})

together.run()

const cycles = suite('start/close cycles')

/** OS threads of this process (Linux), or undefined elsewhere. */
const threadCount = (): number | undefined => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : undefined)

cycles('30 start/close cycles leave no threads behind and every engine answers', async () => {
  const engine = await Engine.start({ threads: 2 })
  await engine.close() // the first start creates V8's shared helper threads; count after it
  const before = threadCount()
  for (let i = 0; i < 30; i++) {
    const engine = await Engine.start({ threads: 2 })
    assert.is(await engine.reduce('countPrimes', 1000), 168)
    await engine.close()
  }
  const after = threadCount()
  if (before !== undefined && after !== undefined) assert.ok(after <= before + 2, `threads: ${before} before, ${after} after`)
})

cycles.run()
