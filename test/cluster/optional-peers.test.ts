// sabre/cluster without Redis: the optional packages' loader, the checks at
// the public boundary, and kernel lists read from the catalog. Part of npm test.

import { readdirSync, readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterPool, progressBar, startWorkerNode } from '../../src/cluster/index.js'
import { ClusterKernels, combinePartials, lanesOf } from '../../src/cluster/cluster-kernels.js'
import { kernels } from '../../src/kernels/catalog.js'
import { importOptional, loadQueueLibraries, missingPackageError, requireOptional } from '../../src/cluster/optional-peers.js'

const peers = suite('cluster optional peers')

// A variable, so neither tsc nor esbuild looks for the package.
const MISSING = 'sabre-test-no-such-package'

peers('a missing package is one Error naming what to install', async () => {
  const error = await importOptional(MISSING, () => import(MISSING), 'sabre/cluster', ['bullmq', 'ioredis']).then(() => undefined, (e: unknown) => e)
  assert.instance(error, Error)
  assert.is((error as Error).message,
    'sabre/cluster needs the packages bullmq and ioredis, optional peer dependencies of sabre: npm install bullmq ioredis')
  assert.is(((error as Error).cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND', 'the import failure is kept as the cause')
})

peers('a synchronous require of a missing package names it the same way', () => {
  assert.throws(() => requireOptional(MISSING, 'progressBar()', ['cli-progress']),
    (error: Error) => error.message === 'progressBar() needs the package cli-progress, optional peer dependencies of sabre: npm install cli-progress')
})

peers('a package that is there but fails to load keeps its own error', async () => {
  const broken = 'data:text/javascript,throw new Error("broken install")'
  const error = await importOptional(broken, () => import(broken), 'sabre/cluster', ['bullmq']).then(() => undefined, (e: unknown) => e)
  assert.is((error as Error).message, 'broken install')
  // A missing package deeper in the tree names that package, not ours: passed through.
  const deeper = Object.assign(new Error("Cannot find package 'tslib' imported from /x/bullmq/index.js"), { code: 'ERR_MODULE_NOT_FOUND' })
  assert.is(missingPackageError(deeper, 'bullmq', 'sabre/cluster', ['bullmq']), deeper)
})

peers('with the packages installed, they load, and progressBar() gives an onProgress', async () => {
  const { bullmq, ioredis } = await loadQueueLibraries()
  assert.type(bullmq.Queue, 'function')
  assert.type(ioredis.Redis, 'function')
  assert.type(progressBar(), 'function')
})

peers('no module of sabre/cluster imports an optional package statically', () => {
  // The built files, as a user's Node loads them (esbuild drops `import type`).
  const dir = new URL('../../src/cluster/', import.meta.url)
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const source = readFileSync(new URL(file, dir), 'utf8')
    assert.not.match(source, /^import[^;]*from\s*["'](bullmq|ioredis|cli-progress)["']/m, file)
  }
})

peers.run()

const boundary = suite('cluster options')

const rejectsWith = async (promise: Promise<unknown>, type: new (...args: never[]) => Error, message: string): Promise<void> => {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  assert.instance(error, type)
  assert.is((error as Error).message, message)
}

boundary('bad options reject with a TypeError or RangeError naming the value, before any connection', async () => {
  await rejectsWith(ClusterPool.connect({ redis: 'http://127.0.0.1:6379' }), RangeError,
    'options.redis must be a URL like redis://127.0.0.1:6379 or { host, port }, got "http://127.0.0.1:6379"')
  await rejectsWith(ClusterPool.connect({ redis: 6379 as never }), TypeError,
    'options.redis must be a URL like redis://127.0.0.1:6379 or { host, port }, got 6379')
  await rejectsWith(ClusterPool.connect({ redis: { host: '127.0.0.1', port: 0 } }), RangeError,
    'options.redis.port must be an integer in [1, 65535], got 0')
  await rejectsWith(ClusterPool.connect({ redis: 'redis://127.0.0.1', connectTimeoutMs: 0 }), RangeError,
    'options.connectTimeoutMs must be an integer number of ms >= 1, got 0')
  await rejectsWith(ClusterPool.connect({ redis: 'redis://127.0.0.1', queue: 'a:b' }), TypeError,
    'options.queue must be a name of letters, digits, _ . -, got "a:b"')
  await rejectsWith(startWorkerNode({ redis: 'redis://127.0.0.1', lockMs: 1.5 }), RangeError,
    'options.lockMs must be an integer number of ms >= 100, got 1.5')
  await rejectsWith(startWorkerNode({ redis: 'redis://127.0.0.1', connectTimeoutMs: -1 }), RangeError,
    'options.connectTimeoutMs must be an integer number of ms >= 1, got -1')
})

boundary('a { host, port } Redis address with a key it does not take is a TypeError naming the key', async () => {
  await rejectsWith(ClusterPool.connect({ redis: { host: '127.0.0.1', port: 6379, database: 1 } as never }), TypeError,
    'options.redis has no option "database": its options are { host, port, db?, username?, password? }')
})

boundary('the kernels a cluster runs are read from the catalog', () => {
  const builtin = ClusterKernels.builtin()
  assert.ok(builtin.items().includes('fibonacci') && builtin.items().includes('checkedSqrt'))
  assert.not.ok(builtin.items().includes('sumF64'))
  for (const name of ['sumF64', 'dotF64', 'minMaxF64', 'countPrimes', 'monteCarloPi']) {
    assert.ok(builtin.reductions().includes(name), name)
  }
  assert.ok(builtin.reductions().includes('histogramU32'))
  // Internal kernels (the race lab's, the fault tests') are not offered in messages, as in a local engine's.
  assert.not.ok(builtin.items().some((name) => name.startsWith('counter') || name === 'hang'))
  assert.not.ok(builtin.reductions().includes('mandelbrot'))
})

boundary('a bad module is named before any connection: the producer\'s object, the node\'s file', async () => {
  await rejectsWith(ClusterPool.connect({ redis: 'redis://127.0.0.1', module: 42 as never }), TypeError,
    "options.module must be a KernelModule from loadKernels, or its description ({ format: 'sabre-kernels/1', wasm, kernels }), got 42")
  await rejectsWith(ClusterPool.connect({ redis: 'redis://127.0.0.1', module: { format: 'sabre-kernels/1', wasm: 'k.wasm', kernels: { f: { kind: 'loop' } } } as never }), TypeError,
    'options.module: kernels.f.kind must be \'range\', \'item\' or \'phased\', got "loop"')
  const error = await startWorkerNode({ redis: 'redis://127.0.0.1', module: '/nowhere/kernels.sabre.json' }).then(() => undefined, (e: unknown) => e)
  assert.match((error as Error).message, 'cannot read the kernel description /nowhere/kernels.sabre.json (ENOENT)')
})

boundary('reduce partials combine lane by lane with the declared op, in order', () => {
  const min = { partial: 'return', ops: ['min'], finish: (lanes: Float64Array) => lanes[0]! } as const
  assert.is(combinePartials(min, [[3], [-2], [5]]), -2)
  assert.is(combinePartials(min, []), Infinity)
  assert.equal(combinePartials(kernels.minMaxF64.reduce, [[1, 4], [-1, 2]]), { min: -1, max: 4 })
  // Finished as a local reduce finishes them: bins are a Uint32Array, as the engine's.
  const bins = combinePartials(kernels.histogramU32.reduce, [Array(256).fill(1), Array(256).fill(2)])
  assert.instance(bins, Uint32Array)
  assert.equal(Array.from(bins as Uint32Array), Array(256).fill(3))
  assert.equal(lanesOf(kernels.minMaxF64.reduce, { min: -1, max: 4 }), [-1, 4])
  assert.throws(() => lanesOf(kernels.minMaxF64.reduce, 7), (e: Error) => e.message === 'a reduce partial must have 2 lanes, got 7')
})

boundary.run()
