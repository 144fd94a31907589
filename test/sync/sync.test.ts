import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { Engine } from '../../src/index.js'
import { TimeoutError } from '../../src/errors.js'
import { LAB_BARRIER, LAB_COUNTER, LAB_MUTEX, LAB_WORDS } from '../../src/kernels/lab-block.js'
import { Barrier, Latch, Mutex, Semaphore } from '../../src/sync/index.js'
import { spawnThread, type ThreadHandle } from '../../src/worker/spawn.js'
import type { SyncWorkerApi } from '../support/sync-worker.js'
import { internal } from '../support/internal-kernels.js'

const shared = (words: number) => new Int32Array(new SharedArrayBuffer(words * 4))
const workerUrl = new URL('../support/sync-worker.js', import.meta.url)
const spawnWorkers = (count: number) => Promise.all(Array.from({ length: count }, (_, i) =>
  spawnThread<SyncWorkerApi>(workerUrl, `sync worker ${i}`, { timeoutMs: 10_000 })))
const stop = (workers: ThreadHandle<SyncWorkerApi>[]) => Promise.all(workers.map((w) => w.terminate()))

const test = suite('sync primitives')

test('a mutex is taken once, and only its holder may unlock it', () => {
  const view = shared(2)
  const a = new Mutex(view, 0, { owner: 1 })
  const b = new Mutex(view, 0, { owner: 2 })
  assert.ok(a.tryLock())
  assert.not.ok(b.tryLock())
  assert.throws(() => b.unlock(), /owner 2 does not hold this mutex \(owner 1 does\)/)
  a.unlock()
  assert.throws(() => a.unlock(), /owner 1 does not hold this mutex \(it is free\)/)
  assert.not.ok(a.locked)
  assert.throws(() => new Mutex(view, 0, { holder: 3 } as never), (e: Error) => e instanceof TypeError && e.message === 'new Mutex has no option "holder": its options are { owner?, isAlive? }')
})

test('blocking waits refuse to run on the main thread and name the async method', () => {
  const view = shared(4)
  assert.throws(() => new Mutex(view).lock(), (e: Error) => e instanceof TypeError && /Mutex.lock would block the main thread: call lockAsync\(\)/.test(e.message))
  assert.throws(() => Barrier.init(view, 2, 1).wait(), /call waitAsync\(\)/)
})

test('misuse is a clear error: a barrier of 0 parties, a latch below zero, bad views', () => {
  const view = shared(4)
  assert.throws(() => Barrier.init(view, 0, 0), (e: Error) => e instanceof RangeError && /Barrier parties must be an integer in \[1, 65535\], got 0/.test(e.message))
  const latch = Latch.init(view, 2, 1)
  assert.throws(() => latch.countDown(2), (e: Error) => e instanceof RangeError && /would go below zero \(count is 1\)/.test(e.message))
  assert.is(latch.count, 1, 'a refused count-down changes nothing')
  assert.throws(() => new Mutex(new Int32Array(4)), /Mutex view must be an Int32Array on a SharedArrayBuffer/)
  assert.throws(() => new Mutex(view, 3), /Mutex index must be an integer in \[0, 2\] \(it takes 2 words\), got 3/)
  assert.throws(() => new Semaphore(view).release(0), /Semaphore.release count must be an integer >= 1, got 0/)
})

test('a lock wait with a timeout returns within its timeout plus a small margin, on a worker and on the main thread', async () => {
  const view = shared(2)
  const holder = new Mutex(view, 0, { owner: 99 })
  holder.tryLock()
  const [worker] = await spawnWorkers(1)
  try {
    const { outcome, ms } = await worker!.api.lockWithTimeout(view, 0, 100)
    assert.is(outcome, 'TimeoutError')
    assert.ok(ms >= 99 && ms < 100 + 100, `worker waited ${ms.toFixed(1)} ms`)
    const started = performance.now()
    const error = await new Mutex(view).lockAsync(100).catch((e: unknown) => e)
    const elapsed = performance.now() - started
    assert.instance(error, TimeoutError)
    assert.match((error as Error).message, /Mutex.lockAsync timed out after 100 ms/)
    assert.ok(elapsed >= 99 && elapsed < 100 + 100, `main thread waited ${elapsed.toFixed(1)} ms`)
    holder.unlock()
    assert.is((await worker!.api.lockWithTimeout(view, 0, 1000)).outcome, 'locked', 'free again: taken at once')
  } finally {
    await stop([worker!])
  }
})

test('lockAsync waits for a worker to release the lock without blocking the main thread', async () => {
  const view = shared(2)
  const [worker] = await spawnWorkers(1)
  try {
    const holding = worker!.api.holdLock(view, 0, 100, 7)
    while (!new Mutex(view).locked) await new Promise((r) => setTimeout(r, 1))
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const mine = new Mutex(view, 0, { owner: 8 })
    await mine.lockAsync(2_000)
    clearInterval(timer)
    assert.ok(ticks >= 5, `the event loop kept running while waiting (${ticks} ticks)`)
    mine.unlock()
    await holding
  } finally {
    await stop([worker!])
  }
})

test('a barrier releases all parties exactly once per phase over 200 phases (3 workers + the main thread)', async () => {
  const phases = 200
  const view = shared(2 + phases)
  const barrier = Barrier.init(view, 0, 4)
  const workers = await spawnWorkers(3)
  try {
    const running = workers.map((w) => w.api.barrierPhases(view, 0, 2, phases))
    let leaders = 0
    for (let phase = 0; phase < phases; phase++) {
      Atomics.add(view, 2 + phase, 1)
      if (await barrier.waitAsync(5_000)) leaders++
      assert.is(Atomics.load(view, 2 + phase), 4, `phase ${phase}: released before every party arrived`)
    }
    const bad = await Promise.all(running)
    assert.equal(bad, [0, 0, 0], 'no worker was released early')
    assert.is(barrier.phase, phases % 65536)
    assert.ok(leaders <= phases)
  } finally {
    await stop(workers)
  }
})

test('a semaphore of 2 permits never lets 3 in', async () => {
  const view = shared(3)
  Semaphore.init(view, 0, 2)
  const workers = await spawnWorkers(3)
  try {
    await Promise.all(workers.map((w) => w.api.semaphoreRounds(view, 0, 1, 2, 2_000)))
    assert.ok(view[2]! <= 2, `peak ${view[2]}`)
    assert.is(new Semaphore(view).permits, 2)
  } finally {
    await stop(workers)
  }
})

test('a latch opens once every worker has counted down, and the main thread awaits it', async () => {
  const view = shared(1)
  const latch = Latch.init(view, 0, 2)
  const workers = await spawnWorkers(2)
  try {
    const started = performance.now()
    const counting = workers.map((w, i) => w.api.countDownLater(view, 0, 30 + 30 * i))
    await latch.waitAsync(5_000)
    assert.is(latch.count, 0)
    assert.ok(performance.now() - started >= 55, 'opened only after the later count-down')
    await Promise.all(counting)
    await latch.waitAsync(0) // already open: resolves even with no time to wait
  } finally {
    await stop(workers)
  }
})

test.run()

const interop = suite('one lock for JS and wasm')

interop('a wasm kernel waits on a mutex the main thread holds, and proceeds when it is released', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const lab = engine.alloc(Int32Array, LAB_WORDS)
    Barrier.init(lab, LAB_BARRIER, 2)
    const mutex = new Mutex(lab, LAB_MUTEX, { owner: 1000 })
    await mutex.lockAsync()
    let done = false
    const region = internal(engine).parallelFor('counterMutex', 2, [lab, 10_000], { schedule: 'static', chunk: 1 }).then(() => { done = true })
    await new Promise((r) => setTimeout(r, 50))
    assert.not.ok(done, 'the kernels are blocked on the JS-held lock')
    assert.is(lab[LAB_COUNTER], 0)
    mutex.unlock()
    await region
    assert.is(lab[LAB_COUNTER], 20_000)
  } finally {
    await engine.close()
  }
})

interop('wasm kernels share a JS semaphore (never more inside than permits) and count down a JS latch', async () => {
  const engine = await Engine.start({ threads: 2 })
  try {
    const words = engine.alloc(Int32Array, 4)
    const semaphore = Semaphore.init(words, 0, 1)
    const stats = words.subarray(1, 3)
    await internal(engine).parallelFor('semaphoreRounds', 2, [words.subarray(0, 1), stats, 5_000], { schedule: 'static', chunk: 1 })
    assert.is(stats[1], 1, 'one permit: one inside at a time')
    assert.is(semaphore.permits, 1, 'every permit came back')

    const latch = Latch.init(words, 3, 100)
    const opened = latch.waitAsync(5_000)
    await internal(engine).parallelFor('latchArrive', 99, [words.subarray(3)])
    assert.is(latch.count, 1)
    await internal(engine).parallelFor('latchArrive', 1, [words.subarray(3)])
    await opened
    assert.is(latch.count, 0)
    const error = await internal(engine).parallelFor('latchArrive', 1, [words.subarray(3)]).catch((e: unknown) => e)
    assert.match((error as Error).message, /abort: latch counted down below zero/)
    assert.is(latch.count, 0, 'a refused count-down changes nothing, on the wasm side too')
  } finally {
    await engine.close()
  }
})

interop.run()
