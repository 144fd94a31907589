// The cluster in one machine: three `sabre worker` processes and a producer
// on a real Redis. Results must equal the local Pool's, in order, even when a
// worker process is killed mid-run.

import * as assert from 'uvu/assert'
import { ClusterExecutor, ClusterJobError, ClusterPool, deadLetterKey } from '../../src/cluster/index.js'
import { AbortError, Engine, Pool, StateError, TimeoutError } from '../../src/index.js'
import { rejects } from '../support/assertions.js'
import { suite } from '../support/suite.js'
import { eventually, jobKeys, startRedis, startWorker, type RedisFixture, type WorkerProcess } from './redis.js'

interface Context { redis: RedisFixture; workers: WorkerProcess[]; pool: ClusterPool; idle: ClusterPool; engine: Engine }
const QUEUE = 'test'
/** A queue no node serves: its jobs wait until they are withdrawn. */
const IDLE = 'idle'
const test = suite<Context>('cluster', {} as Context)

test.before(async (context) => {
  context.redis = await startRedis()
  context.workers = await Promise.all([0, 1, 2].map(() => startWorker(context.redis.url, QUEUE)))
  context.pool = await ClusterPool.connect({ redis: context.redis.url, queue: QUEUE, backoffMs: 100 })
  context.idle = await ClusterPool.connect({ redis: context.redis.url, queue: IDLE })
  context.engine = await Engine.start({ threads: 1 })
})

test.after(async (context) => {
  await Promise.all([context.pool?.close(), context.idle?.close()])
  await Promise.all((context.workers ?? []).map((worker) => worker.stop()))
  await context.engine?.close()
  await context.redis?.stop()
})

test('map over 10 000 items equals the local Pool, in order', async ({ pool, engine }) => {
  const items = Array.from({ length: 10_000 }, (_, i) => i + 1)
  let lastProgress = 0
  const remote = await pool.map('collatzSteps', items, { chunksize: 250, onProgress: (done) => { lastProgress = done } })
  const local = await new Pool(engine).map('collatzSteps', items)
  assert.equal(remote, local)
  assert.is(lastProgress, items.length, 'progress reaches the total')
})

test('starmap, imap (input order), imapUnordered (every result once) and apply', async ({ pool }) => {
  assert.equal(await pool.starmap('power', [[2, 10], [3, 3], [10, 2]], { chunksize: 1 }), [1024, 27, 100])
  const items = Array.from({ length: 500 }, (_, i) => i)
  const ordered: number[] = []
  for await (const value of pool.imap('square', items, { chunksize: 37 })) ordered.push(value)
  assert.equal(ordered, items.map((x) => x * x))
  const unordered: number[] = []
  for await (const value of pool.imapUnordered('square', items, { chunksize: 37 })) unordered.push(value)
  assert.equal(unordered.sort((a, b) => a - b), items.map((x) => x * x))
  assert.is(await pool.apply('fibonacci', [20]), 6765)
  const executor = new ClusterExecutor(pool)
  const futures = [10, 15, 20].map((n) => executor.submit('fibonacci', n))
  assert.equal(await Promise.all(futures), [55, 610, 6765])
  await executor.shutdown()
})

test('a throwing onProgress fails the call; breaking out of imap withdraws the jobs; the pool stays usable', async ({ pool }) => {
  const items = Array.from({ length: 2000 }, (_, i) => i)
  const error = await pool.map('square', items, { chunksize: 100, onProgress: () => { throw new Error('progress failed') } })
    .then(() => undefined, (e: unknown) => e)
  assert.is((error as Error)?.message, 'progress failed')
  let seen = 0
  for await (const value of pool.imap('fibonacci', Array.from({ length: 400 }, () => 20), { chunksize: 10 })) {
    assert.is(value, 6765)
    if (++seen === 15) break
  }
  assert.equal(await pool.map('square', [6, 7]), [36, 49])
})

test('a reduce across nodes combines job partials in job order: deterministic, data by reference', async ({ pool, engine }) => {
  assert.is(await pool.reduce('countPrimes', 1_000_000, [], { chunksize: 100_000 }), 78_498)
  assert.is(await pool.reduce('monteCarloPi', 1_000_000, [5], { chunksize: 250_000 }), await engine.reduce('monteCarloPi', 1_000_000, [5]))
  // 800 KB of input: over the inline limit, so it travels as one Redis key and each job reads its slice.
  const n = 100_000
  const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3)
  const chunksize = 30_000
  const first = await pool.reduce('sumF64', n, [xs], { chunksize })
  const second = await pool.reduce('sumF64', n, [xs], { chunksize })
  assert.is(first, second, 'same bits every time')
  let expected = 0
  for (let begin = 0; begin < n; begin += chunksize) {
    const slice = engine.alloc(Float64Array, Math.min(n, begin + chunksize) - begin)
    slice.set(xs.subarray(begin, begin + slice.length))
    expected += await engine.reduce('sumF64', slice.length, [slice])
    engine.free(slice)
  }
  assert.is(first, expected, 'the local engine, job by job, gives the same bits')
  assert.equal(await pool.reduce('minMaxF64', n, [xs], { chunksize }), { min: Math.min(...xs), max: Math.max(...xs) })
})

test('a kernel error in one item names the item and its message, and is dead-lettered without retries', async ({ pool, redis }) => {
  const before = await redis.client.llen(deadLetterKey(QUEUE))
  const error = await pool.map('checkedSqrt', [1, 4, 9, -16, 25], { chunksize: 2 }).then(() => undefined, (e: unknown) => e)
  assert.instance(error, ClusterJobError)
  assert.match((error as Error).message, 'item 3 (-16)')
  assert.match((error as Error).message, 'negative input')
  assert.is((error as ClusterJobError).job, 1)
  assert.is(await redis.client.llen(deadLetterKey(QUEUE)), before + 1)
  // A bad item is named at the producer, before any job is queued; the pool stays usable.
  const bad = await pool.map('square', [1, 'x' as never]).then(() => undefined, (e: unknown) => e)
  assert.instance(bad, TypeError)
  assert.match((bad as Error).message, 'item 1')
  assert.equal(await pool.map('square', [5]), [25])
})

test('a job that fails for a reason outside the kernel is retried with backoff, then fails for good', async ({ redis }) => {
  // A reduce job whose data key is gone: the node's read fails, which is not the kernel's fault.
  const { Queue, QueueEvents } = await import('bullmq')
  const connection = { host: '127.0.0.1', port: Number(new URL(redis.url).port) }
  const queue = new Queue(QUEUE, { connection })
  const events = new QueueEvents(QUEUE, { connection })
  await events.waitUntilReady()
  try {
    const failed = new Promise<{ jobId: string; failedReason: string }>((resolve) => events.on('failed', resolve))
    const started = performance.now()
    const job = await queue.add('sabre.reduce', {
      kind: 'reduce', kernel: 'sumF64', begin: 0, end: 10, scalars: [], arrays: [{ ref: 'sabre:data:missing', type: 'f64', offset: 0, length: 10 }],
    }, { attempts: 3, backoff: { type: 'exponential', delay: 100 }, removeOnFail: false })
    const { jobId, failedReason } = await failed
    assert.is(jobId, job.id)
    assert.match(failedReason, 'the data under sabre:data:missing is gone')
    const finished = await queue.getJob(job.id!)
    assert.is(finished?.attemptsMade, 3, 'three attempts')
    // Backoff: 100 ms, then 200 ms between the attempts.
    assert.ok(performance.now() - started >= 300, `${(performance.now() - started).toFixed(0)} ms`)
    await finished?.remove()
  } finally {
    await events.close()
    await queue.close()
  }
})

test('a worker process killed mid-run: the result is still complete and exact, every item counted once', async ({ pool, engine, workers }) => {
  const items = Array.from({ length: 4000 }, (_, i) => 18 + (i % 7))
  const jobs = items.length / 50
  const completedBefore = pool.stats.completed
  let killed = false
  const remote = await pool.map('fibonacci', items, {
    chunksize: 50,
    onProgress: (done, total) => {
      if (!killed && done > total / 5) {
        killed = true
        workers[0]!.child.kill('SIGKILL')
      }
    },
  })
  assert.ok(killed, 'a worker was killed during the run')
  assert.equal(remote, await new Pool(engine).map('fibonacci', items))
  assert.is(pool.stats.completed - completedBefore, jobs, 'each job counted once')
})

test('timeoutMs: the jobs no node has taken are withdrawn and the call rejects with TimeoutError', async ({ idle, redis }) => {
  const started = performance.now()
  await rejects(idle.map('square', [1, 2, 3], { chunksize: 1, timeoutMs: 200 }), TimeoutError,
    /^square did not finish within 200 ms on the cluster; its jobs not yet taken were withdrawn from the queue/)
  assert.ok(performance.now() - started < 5000, 'rejected when the time was up, not later')
  await eventually(async () => (await jobKeys(redis.client, IDLE)).length === 0, 'the three jobs are withdrawn')
  await rejects(idle.reduce('countPrimes', 1000, [], { timeoutMs: 100 }), TimeoutError, /countPrimes did not finish within 100 ms/)
  await rejects(idle.apply('square', [2], { timeoutMs: 100 }), TimeoutError, /square did not finish within 100 ms/)
})

test('a signal: aborted before the call or during it, the call rejects with AbortError and its jobs are withdrawn', async ({ idle, redis }) => {
  const controller = new AbortController()
  const pending = idle.map('square', Array.from({ length: 100 }, (_, i) => i), { chunksize: 10, signal: controller.signal })
  await eventually(async () => (await jobKeys(redis.client, IDLE)).length === 10, 'the ten jobs are in the queue')
  controller.abort()
  await rejects(pending, AbortError, /^square was aborted; its jobs not yet taken were withdrawn from the queue$/)
  await eventually(async () => (await jobKeys(redis.client, IDLE)).length === 0, 'the ten jobs are withdrawn')
  await rejects(idle.apply('square', [2], { signal: controller.signal }), AbortError, /square was aborted/)
})

test('close() lets pending calls finish, then every call is a StateError; join() resolves', async ({ redis }) => {
  const pool = await ClusterPool.connect({ redis: redis.url, queue: QUEUE })
  const items = Array.from({ length: 200 }, (_, i) => i)
  const pending = pool.map('square', items, { chunksize: 20 })
  const reduced = pool.reduce('countPrimes', 100_000, [], { chunksize: 25_000 })
  await pool.close()
  assert.equal(await pending, items.map((x) => x * x), 'the map finished')
  assert.is(await reduced, 9592, 'so did the reduce')
  await rejects(pool.map('square', [1]), StateError, /^ClusterPool\.map\(\) called after the pool was closed$/)
  await rejects(pool.reduce('countPrimes', 10), StateError, /^ClusterPool\.reduce\(\) called after the pool was closed$/)
  assert.throws(() => pool.applyAsync('square', [1]), (e: Error) => e instanceof StateError)
  await pool.join()
  await pool.close()
})

test('terminate() rejects pending calls with AbortError and withdraws their jobs; join() resolves once Redis is let go', async ({ redis }) => {
  const pool = await ClusterPool.connect({ redis: redis.url, queue: IDLE })
  const pending = pool.map('square', [1, 2, 3, 4], { chunksize: 2 })
  await eventually(async () => (await jobKeys(redis.client, IDLE)).length === 2, 'the two jobs are in the queue')
  const terminated = pool.terminate()
  await rejects(pending, AbortError, /^square was aborted: the pool was terminated; its jobs not yet taken were withdrawn from the queue$/)
  await terminated
  await pool.join()
  assert.equal(await jobKeys(redis.client, IDLE), [], 'withdrawn before terminate() resolved')
  await rejects(pool.apply('square', [1]), StateError, /called after the pool was terminated/)
})

test('reduce results have the engine\'s types: histogramU32 gives a Uint32Array; onProgress counts indices to n', async ({ pool, engine }) => {
  const n = 50_000
  const xs = engine.alloc(Uint32Array, n)
  for (let i = 0; i < n; i++) xs[i] = (i * 2654435761) >>> 0
  const progress: number[] = []
  const remote = await pool.reduce('histogramU32', n, [xs], { chunksize: 12_500, onProgress: (done) => progress.push(done) })
  const local = await engine.reduce('histogramU32', n, [xs])
  engine.free(xs)
  assert.instance(remote, Uint32Array)
  assert.equal(Array.from(remote), Array.from(local))
  assert.is(progress.length, 4)
  assert.is(progress.at(-1), n)
})

test('after the producers close, only documented keys are left in Redis', async ({ redis, pool, idle }) => {
  await Promise.all([pool.close(), idle.close()])
  const keys = (await redis.client.keys('*')).sort()
  const documented = [QUEUE, IDLE].flatMap((queue) => [new RegExp(`^bull:${queue}:(id|meta|events|stalled-check|marker|stalled)$`), new RegExp(`^${deadLetterKey(queue)}$`)])
  for (const key of keys) assert.ok(documented.some((pattern) => pattern.test(key)), `undocumented key ${key} (all: ${keys.join(', ')})`)
})

test.run()
