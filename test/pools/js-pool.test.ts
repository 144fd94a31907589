import { availableParallelism } from 'node:os'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AbortError, JsPool, TaskError, TimeoutError } from '../../src/index.js'
import { rejects } from '../support/assertions.js'

const tasks = new URL('../support/js-tasks.js', import.meta.url)
const collect = async <T>(stream: AsyncIterable<T>) => { const out: T[] = []; for await (const v of stream) out.push(v); return out }

const test = suite('JsPool')

test('the Pool API over plain JS functions from a module: map, starmap, imap, imapUnordered, apply', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  try {
    const items = Array.from({ length: 1000 }, (_, i) => i)
    assert.equal(await pool.map('square', items, { chunksize: 7 }), items.map((x) => x * x))
    assert.equal(await pool.map('shout', ['a', 'b']), ['A!', 'B!'], 'any structured-cloneable values')
    assert.equal(await pool.starmap('add', [[1, 2], [3, 4]]), [3, 7])
    assert.equal(await collect(pool.imap('square', items, { chunksize: 1 })), items.map((x) => x * x))
    assert.equal((await collect(pool.imapUnordered('square', items))).sort((a, b) => (a as number) - (b as number)), items.map((x) => x * x))
    assert.is(await pool.apply('add', [20, 22]), 42)
    assert.equal(await pool.map('square', []), [])
  } finally {
    pool.close()
    await pool.join()
  }
})

test('imap yields the results before the first failing item, then its TaskError; the error names the lowest failing item', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  try {
    const items = [1, 4, 9, -9, 16, 25, -1, 49]
    for (const chunksize of [1, 2, 3, undefined]) {
      const options = chunksize ? { chunksize } : {}
      const yielded: unknown[] = []
      const error = await (async () => { for await (const v of pool.imap('checkedSqrt', items, options)) yielded.push(v) })().catch((e: unknown) => e)
      assert.equal(yielded, [1, 2, 3], `chunksize ${chunksize}`)
      assert.instance(error, TaskError)
      assert.match((error as Error).message, /failed on item 3 \(-9\)/)
      assert.is((error as TaskError).item, 3)
      const unordered: unknown[] = []
      await (async () => { for await (const v of pool.imapUnordered('checkedSqrt', items, options)) unordered.push(v) })().catch(() => {})
      for (const v of [1, 2, 3]) assert.ok(unordered.includes(v))
      assert.ok(unordered.every((v) => [1, 2, 3, 4, 5, 7].includes(v as number)), `only real results: ${unordered}`)
    }
    const unknown = await pool.map('square', [1], { timeout: 100 } as never).catch((e: unknown) => e)
    assert.instance(unknown, TypeError)
    assert.match((unknown as Error).message, /^JsPool.map has no option "timeout": its options are \{ chunksize\?, signal\?, timeoutMs\? \} \(did you mean "timeoutMs"\?\)$/)
  } finally {
    pool.terminate()
    await pool.join()
  }
})

test('a throwing item rejects the call with the item and message; the pool stays usable', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  try {
    const error = await pool.map('checkedSqrt', [4, 9, -1, 16], { chunksize: 2 }).catch((e: unknown) => e)
    assert.instance(error, TaskError)
    assert.match((error as Error).message, /checkedSqrt failed on item 2 \(-1\): RangeError: negative input -1/)
    const unknown = await pool.map('nope', [1]).catch((e: unknown) => e)
    assert.match((unknown as Error).message, /function must be one of the module's exported functions \(.*square.*\), got "nope"/)
    const chunk = await pool.map('square', [1], { chunksize: 0 }).catch((e: unknown) => e)
    assert.instance(chunk, RangeError)
    assert.equal(await pool.map('checkedSqrt', [4, 9]), [2, 3])
  } finally {
    pool.terminate()
    await pool.join()
  }
})

test('terminate interrupts running calls and rejects the rest with AbortError', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  // 20 spins of 5 s on 2 threads: 50 s if terminate waited for them; it takes a few ms, on a busy machine still far under 25 s.
  const running = pool.map('spin', Array(20).fill(5000), { chunksize: 1 })
  await new Promise((r) => setTimeout(r, 30))
  const started = performance.now()
  pool.terminate()
  assert.instance(await running.catch((e: unknown) => e), AbortError)
  await pool.join()
  assert.ok(performance.now() - started < 25_000, 'did not wait for the running and queued spins')
})

test('an aborted call rejects with sabre\'s AbortError, the signal\'s reason as its cause; the pool stays usable', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  try {
    const before = await rejects(pool.map('square', [1, 2], { signal: AbortSignal.abort() }), AbortError, /^square was aborted before it started$/)
    assert.is((before.cause as Error).name, 'AbortError', 'the signal\'s own reason (a DOMException) is the cause')
    const controller = new AbortController()
    // 8 spins of 200 ms on 2 workers: the abort comes while the first chunks run.
    const running = pool.map('spin', Array(8).fill(200), { chunksize: 1, signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 20))
    controller.abort(new Error('enough'))
    const during = await rejects(running, AbortError, /^spin was aborted while running; chunks not yet started were skipped$/)
    assert.is((during.cause as Error).message, 'enough')
    await rejects(pool.apply('add', [1, 2], { signal: AbortSignal.abort() }), AbortError, /^add was aborted before it started$/)
    assert.equal(await pool.map('square', [3, 4]), [9, 16])
  } finally {
    pool.close()
    await pool.join()
  }
})

test('timeoutMs: a call still running rejects with TimeoutError, its worker is replaced, other calls go on and the pool stays usable', async () => {
  const pool = await JsPool.start(tasks, { threads: 2 })
  try {
    // An unbounded call on one worker; a bounded one runs alone on the other, so ending that worker touches nothing else.
    const untimed = pool.apply('spin', [400])
    const started = performance.now()
    await rejects(pool.apply('spin', [60_000], { timeoutMs: 200 }), TimeoutError, /^spin did not finish within 200 ms; the workers running it were replaced$/)
    assert.ok(performance.now() - started < 30_000, 'the 60 s spin was stopped, not waited for')
    assert.is(await untimed, 400, 'the call beside it finished')
    await rejects(pool.map('spin', Array(6).fill(60_000), { chunksize: 1, timeoutMs: 200 }), TimeoutError, /^spin did not finish within 200 ms/)
    const items = Array.from({ length: 100 }, (_, i) => i)
    assert.equal(await pool.map('square', items, { chunksize: 3 }), items.map((x) => x * x), 'replacement workers run the module')
    assert.equal(await pool.map('square', items, { timeoutMs: 10_000 }), items.map((x) => x * x), 'a bound that is not reached changes nothing')
    await rejects(pool.map('square', [1], { timeoutMs: 0 }), RangeError, /^timeoutMs must be a number of ms in \[1, 2\^31\), got 0$/)
  } finally {
    pool.close()
    await pool.join()
  }
})

test('threads defaults to the available parallelism; a relative module path is relative to the working directory', async () => {
  const path = relative(process.cwd(), fileURLToPath(tasks))
  assert.not.ok(path.startsWith('/'))
  const pool = await JsPool.start(path)
  try {
    assert.is(pool.threads, availableParallelism())
    assert.is(await pool.apply('add', [2, 3]), 5)
  } finally {
    pool.close()
    await pool.join()
  }
})

test('a module that cannot be loaded is a clear error', async () => {
  const error = await JsPool.start(new URL('../support/missing.js', import.meta.url), { threads: 1 }).catch((e: unknown) => e)
  assert.match((error as Error).message, /JsPool cannot load .*missing\.js/)
})

test.run()
