// ClusterExecutor keeps Executor's contract over the queue: a future is
// pending, and can be cancelled, until a node takes its job; after that it
// runs to the end there, and an abort only drops its result.

import * as assert from 'uvu/assert'
import { ClusterExecutor, ClusterPool } from '../../src/cluster/index.js'
import { AbortError, CancelledError, StateError, TimeoutError } from '../../src/index.js'
import { rejects } from '../support/assertions.js'
import { suite } from '../support/suite.js'
import { eventually, jobKeys, startRedis, startWorker, type RedisFixture, type WorkerProcess } from './redis.js'

interface Context { redis: RedisFixture; worker: WorkerProcess; served: ClusterPool; idle: ClusterPool }
const test = suite<Context>('cluster executor', {} as Context)

test.before(async (context) => {
  context.redis = await startRedis()
  context.worker = await startWorker(context.redis.url, 'served')
  context.served = await ClusterPool.connect({ redis: context.redis.url, queue: 'served' })
  // No node serves this queue: its jobs wait until they are withdrawn.
  context.idle = await ClusterPool.connect({ redis: context.redis.url, queue: 'idle' })
})

test.after(async (context) => {
  await Promise.all([context.served?.close(), context.idle?.close()])
  await context.worker?.stop()
  await context.redis?.stop()
})

test('a future no node has taken is pending and cancellable; its job is withdrawn from the queue', async ({ idle, redis }) => {
  const executor = new ClusterExecutor(idle)
  const future = executor.submit('square', 3)
  await eventually(async () => (await jobKeys(redis.client, 'idle')).length === 1, 'the job is in the queue')
  assert.not.ok(future.running())
  assert.ok(future.cancel())
  assert.ok(future.cancelled() && future.done())
  await rejects(future.result(), CancelledError, /cancelled before it started/)
  await eventually(async () => (await jobKeys(redis.client, 'idle')).length === 0, 'the job is withdrawn')
})

test('shutdown({ cancelFutures }) cancels the futures no node has taken; submit after shutdown is a StateError', async ({ idle, redis }) => {
  const executor = new ClusterExecutor(idle)
  const futures = [1, 2, 3].map((n) => executor.submit('square', n))
  await executor.shutdown({ cancelFutures: true })
  assert.ok(futures.every((future) => future.cancelled()))
  assert.throws(() => executor.submit('square', 4), (e: Error) => e instanceof StateError && /after shutdown/.test(e.message))
  assert.throws(() => executor.map('square', [4]), (e: Error) => e instanceof StateError)
  await eventually(async () => (await jobKeys(redis.client, 'idle')).length === 0, 'the jobs are withdrawn')
})

test('a signal aborted before a node takes the job cancels the future; timeoutMs rejects with TimeoutError', async ({ idle }) => {
  const executor = new ClusterExecutor(idle)
  const controller = new AbortController()
  const future = executor.submit('square', 3, { signal: controller.signal })
  controller.abort()
  assert.ok(future.cancelled())
  const bounded = executor.submit('square', 3, { timeoutMs: 100 })
  await rejects(bounded.result(), TimeoutError, /square did not finish within 100 ms on the cluster; its jobs not yet taken were withdrawn/)
  assert.not.ok(bounded.cancelled(), 'a timeout fails the future, as a local Executor\'s')
  const before = new AbortController()
  before.abort()
  await rejects(executor.submit('square', 3, { signal: before.signal }).result(), AbortError, /aborted before it started/)
})

test('a future whose job a node took is running and no longer cancellable; an abort drops its result, and the job is removed when it ends', async ({ served, redis }) => {
  const executor = new ClusterExecutor(served)
  assert.equal(await Promise.all([10, 15, 20].map((n) => executor.submit('fibonacci', n))), [55, 610, 6765])
  const completed = served.stats.completed
  const controller = new AbortController()
  // fibonacci(38) runs for most of a second on the node: far longer than it takes to hear that a node took it.
  const future = executor.submit('fibonacci', 38, { signal: controller.signal })
  await eventually(() => future.running(), 'a node takes the job')
  assert.not.ok(future.cancel(), 'too late to cancel')
  controller.abort()
  await rejects(future.result(), AbortError, /fibonacci was aborted while running; its result is dropped/)
  await eventually(async () => (await jobKeys(redis.client, 'served')).length === 0, 'the job is removed once it has run', 15_000)
  assert.is(served.stats.completed, completed, 'its result was not counted')
  await executor.shutdown()
})

test('shutdown() waits for the futures in flight; closing the pool makes submit a StateError', async ({ redis }) => {
  const pool = await ClusterPool.connect({ redis: redis.url, queue: 'served' })
  const executor = new ClusterExecutor(pool)
  const futures = [20, 21].map((n) => executor.submit('fibonacci', n))
  await executor.shutdown({ wait: true })
  assert.ok(futures.every((future) => future.done() && !future.failed()))
  assert.is(await futures[1]!, 10946)
  await pool.close()
  assert.throws(() => new ClusterExecutor(pool).submit('square', 2), (e: Error) => e instanceof StateError && /its ClusterPool was closed/.test(e.message))
})

test.run()
