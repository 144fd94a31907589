// Phased kernels on a cluster: ClusterPool.parallel runs a user's phased
// kernel as one job on one node's whole team (two `sabre worker --module`
// processes, of 2 and 3 threads). Arrays travel to the node and what the
// kernel changed comes back into the caller's arrays; per-member scratch is
// made on the node; a trap is a ClusterJobError naming the member; timeoutMs
// bounds the node's run, and the nodes serve the next call; a signal withdraws
// a job no node has taken.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { ClusterJobError, ClusterPool, INLINE_LIMIT_BYTES, perMember } from '../../src/cluster/index.js'
import { compileKernels } from '../../src/compile/index.js'
import { AbortError, loadKernels, StateError, TimeoutError } from '../../src/index.js'
import { rejects } from '../support/assertions.js'
import { countBytes, hashedBytes, phasedModuleSource } from '../support/phased-module.js'
import { suite } from '../support/suite.js'
import { eventually, jobKeys, startRedis, startWorker, tearDown, type RedisFixture, type WorkerProcess } from './redis.js'

// Appended to the docs' histogram and trapBeforeBarrier, whose imports they use.
const MORE_KERNELS = `
/** Inclusive prefix sums of xs[0, n) in place: each member sums its block, then adds the totals of the blocks before it. */
export function prefixSumsF64(xs: Ptr<f64>, n: i32, totals: Ptr<f64>): Phased {
  const me = threadIndex()
  const team = threadCount()
  const begin = <i32>((<i64>n * me) / team)
  const end = <i32>((<i64>n * (me + 1)) / team)
  let sum = 0.0
  for (let i = begin; i < end; i++) {
    const p = xs + (<usize>i << 3)
    sum += load<f64>(p)
    store<f64>(p, sum)
  }
  store<f64>(totals + (<usize>me << 3), sum)
  barrier()
  let offset = 0.0
  for (let m = 0; m < me; m++) offset += load<f64>(totals + (<usize>m << 3))
  for (let i = begin; i < end; i++) {
    const p = xs + (<usize>i << 3)
    store<f64>(p, load<f64>(p) + offset)
  }
}

/** Member 0 never reaches the barrier the others wait at. */
export function spinBeforeBarrier(): Phased {
  if (threadIndex() == 0) while (true) {}
  barrier()
}
`

interface Context { dir: string; description: string; redis: RedisFixture; workers: WorkerProcess[]; pool: ClusterPool }
const QUEUE = 'phased'
const test = suite<Context>('phased kernels on a cluster', {} as Context)

test.before(async (context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'sabre-phased-cluster-'))
  writeFileSync(join(context.dir, 'phased.ts'), phasedModuleSource() + MORE_KERNELS)
  const compiled = await compileKernels(join(context.dir, 'phased.ts'), { outDir: join(context.dir, 'build') })
  context.description = compiled.description
  context.redis = await startRedis()
  context.workers = await Promise.all([2, 3].map((threads) => startWorker(context.redis.url, QUEUE, threads, 2000, ['--module', compiled.description])))
  context.pool = await ClusterPool.connect({ redis: context.redis.url, queue: QUEUE, backoffMs: 100, module: await loadKernels(compiled.description) })
})

test.after(({ pool, workers, redis, dir }) => tearDown({ pools: [pool], workers, redis, dir }))

/** Inclusive prefix sums, by a plain loop. */
const prefixSums = (xs: Float64Array): Float64Array => {
  const sums = new Float64Array(xs.length)
  let sum = 0
  xs.forEach((x, i) => { sums[i] = sum += x })
  return sums
}

test('a histogram of a million bytes on one node\'s team, its counts per member made there, equals a plain loop\'s', async ({ pool }) => {
  // A million bytes: over the inline limit, so they travel by reference; unchanged, they do not travel back.
  const bytes = hashedBytes(1_000_000)
  const bins = new Uint32Array(256)
  for (let round = 0; round < 4; round++) {
    bins.fill(7)
    await pool.parallel('histogramBytes', [bytes, bytes.length, perMember(Uint32Array, 256), bins], { timeoutMs: 30_000 })
    assert.equal(bins, countBytes(bytes), `round ${round}`)
  }
  assert.equal(bytes, hashedBytes(1_000_000), 'the input as it was')
})

test('prefix sums in place come back into the caller\'s array, small (inline) and large (by reference, keys deleted after)', async ({ pool, redis }) => {
  for (const n of [0, 1, 10, 3 * INLINE_LIMIT_BYTES / 8]) {
    const xs = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000 - 300)
    const expected = prefixSums(xs)
    await pool.parallel('prefixSumsF64', [xs, n, perMember(Float64Array, 1)])
    assert.equal(xs, expected, `n = ${n}`)
  }
  // The array went by reference and came back by reference: both keys go when the call ends.
  await eventually(async () => (await redis.client.keys('sabre:data:*')).length === 0, 'no call data left in Redis')
})

test('a member that traps before the barrier fails the job with ClusterJobError naming it; the arrays are untouched; the next call succeeds', async ({ pool }) => {
  const passed = new Int32Array([5])
  const error = await rejects(pool.parallel('trapBeforeBarrier', [0, passed]), ClusterJobError,
    /^job 0 failed: kernel trapBeforeBarrier trapped as member 0 of [23] in worker 0: RuntimeError: unreachable/)
  assert.is((error as ClusterJobError).job, 0)
  assert.equal(passed, new Int32Array([5]))
  assert.is(pool.stats.deadLettered, 1)
  const xs = new Float64Array([1, 2, 3, 4, 5])
  await pool.parallel('prefixSumsF64', [xs, xs.length, perMember(Float64Array, 1)])
  assert.equal(xs, new Float64Array([1, 3, 6, 10, 15]))
})

test('timeoutMs bounds the run on the node too: a member that never reaches the barrier is a TimeoutError, and the nodes serve the next calls', async ({ pool, workers }) => {
  const started = performance.now()
  await rejects(pool.parallel('spinBeforeBarrier', [], { timeoutMs: 300 }), TimeoutError, /^spinBeforeBarrier did not finish within 300 ms on the cluster/)
  assert.ok(performance.now() - started < 5_000)
  // The node that ran it times out as well (its engine replaces the team); each node takes two jobs at a time.
  const completed = workers.map((worker) => worker.output())
  const calls = Array.from({ length: 6 }, async () => {
    const xs = new Float64Array(100).fill(1)
    await pool.parallel('prefixSumsF64', [xs, xs.length, perMember(Float64Array, 1)], { timeoutMs: 20_000 })
    return xs[99]
  })
  assert.equal(await Promise.all(calls), new Array(6).fill(100))
  assert.equal(workers.map((worker) => worker.output()), completed, 'no node printed anything')
})

test('a signal withdraws the job no node has taken: AbortError, the caller\'s array untouched, no job or data left; after close() a StateError', async ({ redis, description }) => {
  // A queue no node serves: the job waits until it is withdrawn.
  const idle = await ClusterPool.connect({ redis: redis.url, queue: 'phased-idle', module: await loadKernels(description) })
  const xs = new Float64Array(3 * INLINE_LIMIT_BYTES / 8).fill(1)
  const controller = new AbortController()
  const pending = idle.parallel('prefixSumsF64', [xs, xs.length, perMember(Float64Array, 1)], { signal: controller.signal })
  await eventually(async () => (await jobKeys(redis.client, 'phased-idle')).length === 1, 'the job is in the queue')
  controller.abort()
  await rejects(pending, AbortError, /^prefixSumsF64 was aborted; its jobs not yet taken were withdrawn from the queue$/)
  assert.ok(xs.every((x) => x === 1), 'the array as it was')
  await eventually(async () => (await jobKeys(redis.client, 'phased-idle')).length === 0, 'the job is withdrawn')
  await eventually(async () => (await redis.client.keys('sabre:data:*')).length === 0, 'its data is deleted')
  await idle.close()
  await rejects(idle.parallel('prefixSumsF64', [xs, xs.length, perMember(Float64Array, 1)]), StateError, /^ClusterPool\.parallel\(\) called after the pool was closed$/)
})

test.run()
