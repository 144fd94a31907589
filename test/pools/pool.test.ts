// Pool, after CPython's test_multiprocessing_pool: order, streaming, chunksize
// edge cases, errors that leave the pool usable, close/terminate/join.

import * as assert from 'uvu/assert'
import { internal } from '../support/internal-kernels.js'
import { AbortError, Engine, KernelError, Pool, TimeoutError, reference } from '../../src/index.js'
import { suite } from '../support/suite.js'

const test = suite('Pool')
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from)
const collect = async (stream: AsyncIterable<number>) => { const out: number[] = []; for await (const v of stream) out.push(v); return out }

test('map keeps input order, for every chunksize', async () => {
  const pool = new Pool(engine)
  const items = range(1000, 1)
  const expected = items.map(reference.collatzSteps)
  for (const chunksize of [undefined, 1, 7, 999, 1000, 5000]) {
    assert.equal(await pool.map('collatzSteps', items, chunksize === undefined ? {} : { chunksize }), expected, `chunksize ${chunksize}`)
  }
})

test('starmap unpacks tuples', async () => {
  const pool = new Pool(engine)
  assert.equal(await pool.starmap('power', [[2, 10], [3, 3], [10, 0]]), [1024, 27, 1])
  assert.equal(await pool.starmap('square', [[3], [4]]), [9, 16], 'one-tuples for a one-argument kernel')
})

test('imap yields results in input order, imapUnordered each result exactly once', async () => {
  const pool = new Pool(engine)
  const items = range(2000, 1)
  const expected = items.map(reference.collatzSteps)
  assert.equal(await collect(pool.imap('collatzSteps', items, { chunksize: 13 })), expected)
  const unordered = await collect(pool.imapUnordered('collatzSteps', items, { chunksize: 13 }))
  assert.is(unordered.length, items.length)
  assert.equal([...unordered].sort((a, b) => a - b), [...expected].sort((a, b) => a - b))
})

test('imap streams: the first result arrives before the last chunk is done', async () => {
  const pool = new Pool(engine)
  // fibonacci(27) takes a few ms; 40 items in chunks of 1 take ~100 ms on 2 workers.
  const started = performance.now()
  let first = -1
  let count = 0
  for await (const value of pool.imap('fibonacci', Array(40).fill(27), { chunksize: 1 })) {
    if (first < 0) first = performance.now() - started
    assert.is(value, 196_418)
    count++
  }
  const total = performance.now() - started
  assert.is(count, 40)
  assert.ok(first < total / 2, `first result after ${first.toFixed(1)} ms of ${total.toFixed(1)} ms`)
})

test('empty input gives empty results, and no work', async () => {
  const pool = new Pool(engine)
  assert.equal(await pool.map('square', []), [])
  assert.equal(await collect(pool.imap('square', [])), [])
  assert.equal(await collect(pool.imapUnordered('square', [])), [])
  assert.equal(await pool.starmap('power', []), [])
})

test('chunksize 0, negative or fractional is a RangeError; the pool stays usable', async () => {
  const pool = new Pool(engine)
  for (const chunksize of [0, -1, 1.5]) {
    const error = await pool.map('square', [1, 2], { chunksize }).catch((e: unknown) => e)
    assert.instance(error, RangeError)
    assert.match((error as Error).message, new RegExp(`chunksize must be an integer >= 1, got ${chunksize}`))
  }
  assert.throws(() => pool.imap('square', [1], { chunksize: 0 }), RangeError)
  assert.equal(await pool.map('square', [1, 2]), [1, 4])
})

test('an error in one item rejects the call with that item and its message; the pool stays usable', async () => {
  const pool = new Pool(engine)
  const error = await pool.map('checkedSqrt', [1, 4, -9, 16], { chunksize: 1 }).catch((e: unknown) => e)
  assert.instance(error, KernelError)
  assert.match((error as Error).message, /checkedSqrt trapped on item 2 \(-9\) in worker \d: abort: negative input/)
  const bad = await collect(pool.imap('checkedSqrt', [4, -1])).catch((e: unknown) => e)
  assert.instance(bad, KernelError)
  const wrongType = await pool.map('square', [1, '2' as never]).catch((e: unknown) => e)
  assert.instance(wrongType, TypeError)
  assert.match((wrongType as Error).message, /square x of item 1 must be a number \(f64\), got "2"/)
  assert.equal(await pool.map('checkedSqrt', [1, 4, 9]), [1, 2, 3])
})

/** Every value a stream yields, and the error that ends it. */
async function drain(stream: AsyncIterable<number>): Promise<{ yielded: number[]; error: unknown }> {
  const yielded: number[] = []
  try {
    for await (const value of stream) yielded.push(value)
    return { yielded, error: undefined }
  } catch (error) {
    return { yielded, error }
  }
}

/** Fills free engine memory with a junk value, so a result slot the call never wrote would show it. */
function fillFreeMemoryWithJunk(junk: number): void {
  const scratch = engine.alloc(Float64Array, 1 << 20)
  scratch.fill(junk)
  engine.free(scratch)
}

test('imap yields the results before the failing item, then its KernelError; never a slot the call did not write', async () => {
  const pool = new Pool(engine)
  const items = [1, 4, 9, -9, 16, 25, 36, 49]
  for (const chunksize of [1, 2, 3, undefined]) {
    for (let run = 0; run < 10; run++) {
      fillFreeMemoryWithJunk(23)
      const { yielded, error } = await drain(pool.imap('checkedSqrt', items, chunksize ? { chunksize } : {}))
      assert.equal(yielded, [1, 2, 3], `chunksize ${chunksize}, run ${run}`)
      assert.instance(error, KernelError)
      assert.match((error as Error).message, /checkedSqrt trapped on item 3 \(-9\)/)
    }
  }
})

test('imapUnordered yields only results computed for their items, each once, then the KernelError', async () => {
  const pool = new Pool(engine)
  const items = [1, 4, 9, -9, 16, 25, 36, 49]
  for (const chunksize of [1, 2, 3, undefined]) {
    for (let run = 0; run < 10; run++) {
      fillFreeMemoryWithJunk(23)
      const { yielded, error } = await drain(pool.imapUnordered('checkedSqrt', items, chunksize ? { chunksize } : {}))
      assert.instance(error, KernelError)
      assert.match((error as Error).message, /item 3 \(-9\)/, 'the lowest failing item, whatever the timing')
      for (const v of [1, 2, 3]) assert.ok(yielded.includes(v), `chunksize ${chunksize}: every item before the failing one ran (${yielded})`)
      assert.ok(yielded.every((v) => [1, 2, 3, 4, 5, 6, 7].includes(v)), `only real results: ${yielded}`)
      assert.is(new Set(yielded).size, yielded.length, 'each once')
    }
  }
})

test('map and imap with two failing items always name the lower one', async () => {
  const pool = new Pool(engine)
  const items = [1, 4, -1, 9, 16, -2, 25]
  for (let run = 0; run < 20; run++) {
    const error = await pool.map('checkedSqrt', items, { chunksize: 1 + (run % 3) }).catch((e: unknown) => e)
    assert.match((error as Error).message, /item 2 \(-1\)/)
  }
})

test('timeoutMs bounds map, imap, apply and applyAsync: TimeoutError, and the pool goes on', async () => {
  const pool = new Pool(engine)
  const hanging = new Pool(internal(engine))
  // apply and applyAsync run 'hang' on a gate nobody opens: without their
  // timeouts they would never return, so returning at all shows they were stopped.
  const gate = engine.alloc(Int32Array, 1)
  assert.instance(await hanging.apply('hang', [gate, 0, 0, 1], { timeoutMs: 50 }).catch((e: unknown) => e), TimeoutError)
  let seen: unknown
  await hanging.applyAsync('hang', [gate, 0, 0, 1], { timeoutMs: 50, errorCallback: (e) => { seen = e } }).wait()
  assert.instance(seen, TimeoutError)
  // map and imap take one item per call: fibonacci(38) runs far longer than 50 ms on any machine.
  const slow = Array(4).fill(38)
  assert.instance(await pool.map('fibonacci', slow, { timeoutMs: 50 }).catch((e: unknown) => e), TimeoutError)
  assert.instance((await drain(pool.imap('fibonacci', slow, { timeoutMs: 50 }))).error, TimeoutError)
  assert.equal(await pool.map('square', [1, 2, 3], { timeoutMs: 10_000 }), [1, 4, 9])
  assert.is(await pool.apply('square', [7], { timeoutMs: 10_000 }), 49)
  engine.free(gate)
})

test('an option a call does not take is a TypeError naming it; bad values are named too', async () => {
  const pool = new Pool(engine)
  const unknown = await pool.map('square', [1], { chunkSize: 2 } as never).catch((e: unknown) => e)
  assert.instance(unknown, TypeError)
  assert.match((unknown as Error).message, /Pool.map has no option "chunkSize": its options are \{ chunksize\?, signal\?, timeoutMs\? \}/)
  assert.throws(() => pool.imap('square', [1], { timeout: 5 } as never), /Pool.imap has no option "timeout"/)
  assert.throws(() => pool.applyAsync('square', [1], { callbak: () => {} } as never), /Pool.applyAsync has no option "callbak"/)
  const apply = await pool.apply('square', [1], { chunksize: 1 } as never).catch((e: unknown) => e)
  assert.match((apply as Error).message, /Pool.apply has no option "chunksize": its options are \{ signal\?, timeoutMs\? \}/)
  const badTimeout = await pool.map('square', [1], { timeoutMs: 0 }).catch((e: unknown) => e)
  assert.instance(badTimeout, RangeError)
  assert.match((badTimeout as Error).message, /timeoutMs must be a number of ms in \[1, 2\^31\), got 0/)
  assert.equal(await pool.map('square', [4]), [16])
})

test('apply and applyAsync: results, ready/successful, get with a timeout, callbacks', async () => {
  const pool = new Pool(engine)
  assert.is(await pool.apply('power', [2, 8]), 256)
  assert.is(await pool.apply('countPrimes', [0, 100]), 25, 'a range kernel takes begin, end')
  const seen: number[] = []
  const result = pool.applyAsync('square', [12], { callback: (v) => seen.push(v) })
  assert.not.ok(result.ready())
  assert.throws(() => result.successful(), /before the result is ready/)
  assert.is(await result.get(5_000), 144)
  assert.ok(result.ready())
  assert.ok(result.successful())
  assert.equal(seen, [144])
  const failing = pool.applyAsync('checkedSqrt', [-1])
  await failing.wait()
  assert.not.ok(failing.successful())
  const slow = pool.applyAsync('fibonacci', [32])
  const timeout = await slow.get(1).catch((e: unknown) => e)
  assert.instance(timeout, TimeoutError)
  assert.is(await slow.get(), 2_178_309, 'a timed-out get does not cancel the call')
})

test('close lets submitted work finish; join waits for it; new work is refused', async () => {
  const pool = new Pool(engine)
  const running = pool.map('fibonacci', Array(8).fill(24))
  pool.close()
  assert.throws(() => pool.applyAsync('square', [1]), /called after the pool was closed/)
  await pool.join()
  assert.equal(await running, Array(8).fill(46_368))
})

test('join before close is an error, as in Python', async () => {
  const pool = new Pool(engine)
  await pool.join().then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /call close\(\) or terminate\(\) first/))
})

test('terminate skips work not yet started: its calls reject with AbortError; the engine is fine', async () => {
  const pool = new Pool(engine)
  // About a second of work on 2 workers: a terminate 10 ms in lands well before its end, even on a busy machine.
  const running = pool.map('fibonacci', Array(200).fill(30), { chunksize: 1 })
  setTimeout(() => pool.terminate(), 10)
  const error = await running.catch((e: unknown) => e)
  assert.instance(error, AbortError)
  await pool.join()
  assert.equal(await new Pool(engine).map('square', [5]), [25])
})

test('an aborted signal stops one call only', async () => {
  const pool = new Pool(engine)
  const error = await pool.map('square', [1], { signal: AbortSignal.abort() }).catch((e: unknown) => e)
  assert.instance(error, AbortError)
  assert.equal(await pool.map('square', [3]), [9])
})

test.run()
