import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AbortError, JsPool, TaskError } from '../../src/index.js'

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
    // JsPool cannot stop a running JS function short of ending its worker: no timeoutMs.
    const timeout = await pool.map('square', [1], { timeoutMs: 100 } as never).catch((e: unknown) => e)
    assert.instance(timeout, TypeError)
    assert.match((timeout as Error).message, /JsPool.map has no option "timeoutMs": its options are \{ chunksize\?, signal\? \}/)
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
  // 20 spins of 500 ms on 2 threads: 5 s if terminate waited for them; it takes a few ms, even on a busy machine well under 2.5 s.
  const running = pool.map('spin', Array(20).fill(500), { chunksize: 1 })
  await new Promise((r) => setTimeout(r, 30))
  const started = performance.now()
  pool.terminate()
  assert.instance(await running.catch((e: unknown) => e), AbortError)
  await pool.join()
  assert.ok(performance.now() - started < 2_500, 'did not wait for the queued spins')
})

test('a module that cannot be loaded is a clear error', async () => {
  const error = await JsPool.start(new URL('../support/missing.js', import.meta.url), { threads: 1 }).catch((e: unknown) => e)
  assert.match((error as Error).message, /JsPool cannot load .*missing\.js/)
})

test.run()
