// ClusterPool's and ClusterExecutor's calls check their options as Pool's and
// Executor's do, before any job is queued: these checks need no Redis, so
// npm test runs them. Part of npm test.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterExecutor, ClusterPool, startWorkerNode } from '../../src/cluster/index.js'
import { ClusterKernels } from '../../src/cluster/cluster-kernels.js'
import { StateError } from '../../src/index.js'
import { rejects, throws } from '../support/assertions.js'

const test = suite('cluster call options')

/**
 * A producer that never connected: every check below happens before a call
 * touches its queue or its Redis client, so there are none (any use would throw).
 */
const offline = (): ClusterPool =>
  new (ClusterPool as unknown as new (...args: unknown[]) => ClusterPool)('offline', undefined, undefined, undefined, { state: 'up' }, undefined, ClusterKernels.builtin())

const MAP_OPTIONS = '{ chunksize?, signal?, timeoutMs?, onProgress? }'

test('an option a call does not take is a TypeError naming it, the call and the options it takes', async () => {
  const pool = offline()
  for (const call of ['map', 'starmap', 'reduce'] as const) {
    const items = call === 'starmap' ? [[1]] : [1]
    const promise = call === 'reduce' ? pool.reduce('countPrimes', 10, [], { jobSize: 4 } as never) : pool[call]('square', items as never, { jobSize: 4 } as never)
    await rejects(promise, TypeError, new RegExp(`^ClusterPool\\.${call} has no option "jobSize": its options are \\${MAP_OPTIONS.replace(/[?]/g, '\\?')}$`))
  }
  assert.throws(() => pool.imap('square', [1], { chunkSize: 4 } as never), (e: Error) => e instanceof TypeError && /^ClusterPool\.imap has no option "chunkSize"/.test(e.message))
  assert.throws(() => pool.imapUnordered('square', [1], { jobSize: 4 } as never), TypeError)
  await rejects(pool.apply('square', [1], { chunksize: 1 } as never), TypeError, /^ClusterPool\.apply has no option "chunksize": its options are \{ signal\?, timeoutMs\? \}$/)
  throws(() => pool.applyAsync('square', [1], { onProgress: () => {} } as never), TypeError,
    /^ClusterPool\.applyAsync has no option "onProgress": its options are \{ signal\?, timeoutMs\?, callback\?, errorCallback\? \}$/)
})

test('option values are checked as Pool checks them', async () => {
  const pool = offline()
  await rejects(pool.map('square', [1], { chunksize: 0 }), RangeError, /^chunksize must be an integer >= 1, got 0$/)
  await rejects(pool.reduce('countPrimes', 10, [], { chunksize: 1.5 }), RangeError, /^chunksize must be an integer >= 1, got 1.5$/)
  await rejects(pool.map('square', [1], { timeoutMs: 0 }), RangeError, /^timeoutMs must be a number of ms in \[1, 2\^31\), got 0$/)
  await rejects(pool.map('square', [1], { signal: 'stop' as never }), TypeError, /^signal must be an AbortSignal, got "stop"$/)
  await rejects(pool.map('square', [1], { onProgress: 5 as never }), TypeError, /^onProgress must be a function \(done, total\) => void, got 5$/)
  await rejects(pool.apply('square', [1], { timeoutMs: -1 }), RangeError, /^timeoutMs must be/)
  // Kernel and items are checked before any job exists, too.
  await rejects(pool.map('sumF64', [1]), RangeError, /^kernel must be an item kernel of the built-in kernels/)
  await rejects(pool.reduce('square', 10), RangeError, /^kernel must be a reduce kernel of the built-in kernels that the cluster splits/)
})

test('join() on a running pool is a StateError, as Pool\'s', async () => {
  await rejects(offline().join(), StateError, /^ClusterPool\.join\(\) called while the pool is running: call close\(\) or terminate\(\) first$/)
})

test('ClusterExecutor checks its pool and its options', async () => {
  throws(() => new ClusterExecutor({} as never), TypeError, /^pool must be a ClusterPool \(from ClusterPool\.connect\), got a Object$/)
  const executor = new ClusterExecutor(offline())
  throws(() => executor.submit('square', 2, { signl: new AbortController().signal } as never), TypeError,
    /^ClusterExecutor\.submit has no option "signl": its options are \{ signal\?, timeoutMs\? \}$/)
  throws(() => executor.submit('square', 2, { timeoutMs: 0 }), RangeError, /^timeoutMs must be a number of ms in \[1, 2\^31\), got 0$/)
  throws(() => executor.map('square', [2], { jobSize: 1 } as never), TypeError, /^ClusterExecutor\.map has no option "jobSize": its options are \{ chunksize\?, signal\?, timeoutMs\? \}$/)
  await rejects(executor.shutdown({ cancel: true } as never), TypeError, /^ClusterExecutor\.shutdown has no option "cancel": its options are \{ wait\?, cancelFutures\? \} \(did you mean "cancelFutures"\?\)$/)
  // An aborted signal settles the future at once: no job is queued.
  const controller = new AbortController()
  controller.abort()
  assert.ok(executor.submit('square', 2, { signal: controller.signal }).done())
})

test('connect and startWorkerNode name an unknown option and the options they take, before any connection', async () => {
  await rejects(ClusterPool.connect({ redis: 'redis://127.0.0.1', jobSize: 4 } as never), TypeError,
    /^ClusterPool\.connect has no option "jobSize": its options are \{ redis, queue\?, attempts\?, backoffMs\?, connectTimeoutMs\?, module\? \}$/)
  await rejects(startWorkerNode({ redis: 'redis://127.0.0.1', thread: 2 } as never), TypeError,
    /^startWorkerNode has no option "thread": its options are \{ redis, queue\?, threads\?, concurrency\?, lockMs\?, connectTimeoutMs\?, module\?, log\? \} \(did you mean "threads"\?\)$/)
})

test.run()
