// ClusterPool's and ClusterExecutor's calls check their options as Pool's and
// Executor's do, before any job is queued: these checks need no Redis, so
// npm test runs them. Part of npm test.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterExecutor, ClusterPool, perMember, startWorkerNode } from '../../src/cluster/index.js'
import { ClusterKernels } from '../../src/cluster/cluster-kernels.js'
import { arrayTypes, packParallelArgs } from '../../src/cluster/parallel-args.js'
import { StateError } from '../../src/index.js'
import { rejects, throws } from '../support/assertions.js'

const test = suite('cluster call options')

/**
 * A producer that never connected: every check below happens before a call
 * touches its queue or its Redis client, so there are none (any use would throw).
 */
const offline = (kernels = ClusterKernels.builtin()): ClusterPool =>
  new (ClusterPool as unknown as new (...args: unknown[]) => ClusterPool)('offline', undefined, undefined, undefined, { state: 'up' }, undefined, kernels)

/** A module's description as `sabre compile` writes it: docs/own-kernels.md's phased histogram and an item kernel. */
const withPhased = (): ClusterKernels => ClusterKernels.of({
  format: 'sabre-kernels/1', wasm: 'histogram.wasm', kernels: {
    histogramBytes: { kind: 'phased', params: ['u8*', 'i32', 'u32*', 'u32*'], names: ['data', 'n', 'counts', 'bins'] },
    triple: { kind: 'item', params: ['f64'], names: ['x'] },
    sumF64: { kind: 'range', params: ['f64*'], names: ['xs'], reduce: 'sum' },
  },
}, 'options.module')

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

test('parallel checks its options, its kernel\'s kind and its arguments before any job is queued', async () => {
  const pool = offline(withPhased())
  const bytes = new Uint8Array(10)
  const bins = new Uint32Array(256)
  const args = [bytes, 10, perMember(Uint32Array, 256), bins]
  await rejects(pool.parallel('histogramBytes', args, { chunksize: 4 } as never), TypeError,
    /^ClusterPool\.parallel has no option "chunksize": its options are \{ signal\?, timeoutMs\? \}$/)
  await rejects(pool.parallel('histogramBytes', args, { timeoutMs: 0 }), RangeError, /^timeoutMs must be a number of ms in \[1, 2\^31\), got 0$/)
  // The wrong kind of kernel, either way round, names the kernel and its kind.
  await rejects(pool.parallel('triple', [1]), TypeError,
    /^kernel triple is an item kernel, not a phased kernel: ClusterPool\.parallel runs the phased kernels of module histogram\.wasm \(histogramBytes\)$/)
  await rejects(pool.parallel('sumF64', [new Float64Array(1)]), TypeError, /^kernel sumF64 is a reduction, not a phased kernel/)
  await rejects(pool.parallel('histogram', args), RangeError, /^kernel must be a phased kernel of module histogram\.wasm \(histogramBytes\), got "histogram"$/)
  const phased = /^kernel histogramBytes is a phased kernel: it runs on a node's whole team, call ClusterPool\.parallel$/
  await rejects(pool.map('histogramBytes', [1]), TypeError, phased)
  await rejects(pool.apply('histogramBytes', [1]), TypeError, phased)
  await rejects(pool.reduce('histogramBytes', 10), TypeError, phased)
  await rejects(new ClusterExecutor(pool).submit('histogramBytes', 1).result(), TypeError, phased)
  await rejects(offline().parallel('square', [2]), TypeError, /^kernel square is an item kernel, not a phased kernel: ClusterPool\.parallel runs the phased kernels of the built-in kernels \(none\)$/)
  // Arguments: the kernel's count, scalar ranges and view types, as the engine checks them.
  await rejects(pool.parallel('histogramBytes', [bytes, 10, bins]), TypeError, /^histogramBytes\(data, n, counts, bins\) takes 4 arguments, got 3$/)
  await rejects(pool.parallel('histogramBytes', [bytes, 1.5, bins, bins]), RangeError, /^histogramBytes argument n must be an integer in \[-2\^31, 2\^31\) \(i32\), got 1.5$/)
  await rejects(pool.parallel('histogramBytes', [bins, 10, bins, bins]), TypeError,
    /^histogramBytes argument data must be a Uint8Array or Uint8ClampedArray, or perMember of one, got a Uint32Array of length 256$/)
  await rejects(pool.parallel('histogramBytes', [bytes, 10, perMember(Float64Array, 256), bins]), TypeError,
    /^histogramBytes argument counts must be a Uint32Array, or perMember of one, got "perMember\(Float64Array, 256\)"$/)
  throws(() => perMember(Uint32Array, 0), RangeError, /^perMember elements must be an integer in \[1, 2\^31\), got 0$/)
  throws(() => perMember(Array as never, 4), TypeError, /^perMember Type must be a typed array constructor a kernel takes/)
})

test('parallel sends an array passed twice once, as one view on the node, and per-member scratch as its element and count', () => {
  const spec = withPhased().phased('histogramBytes')
  const bytes = new Uint8Array(10)
  const bins = new Uint32Array(256)
  const packed = packParallelArgs(spec, [bytes, 10, bins, bins])
  assert.equal(packed.args, [{ array: 0 }, 10, { array: 1 }, { array: 1 }])
  assert.ok(packed.arrays.length === 2 && packed.arrays[0] === bytes && packed.arrays[1] === bins)
  assert.equal(arrayTypes(spec, packed.args), ['u8*', 'u32*'])
  assert.equal(packParallelArgs(spec, [bytes, 10, perMember(Uint32Array, 256), bins]).args, [{ array: 0 }, 10, { scratch: 'u32', perMember: 256 }, { array: 1 }])
})

test('a node refuses a parallel job whose kernel is not a phased kernel of its module, naming both', () => {
  const kernels = withPhased()
  assert.is(kernels.refusal('triple', 'parallel'), 'kernel triple of this node\'s module histogram.wasm cannot run a parallel job (not a phased kernel)')
  assert.is(kernels.refusal('histogramBytes', 'map'), 'kernel histogramBytes of this node\'s module histogram.wasm cannot run a map job (not an item kernel)')
  assert.is(kernels.refusal('histogramBytes', 'parallel'), undefined)
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
