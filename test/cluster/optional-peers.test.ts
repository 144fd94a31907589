// sabre/cluster without Redis: the optional packages' loader, the checks at
// the public boundary, and kernel lists read from the catalog. Part of npm test.

import { readdirSync, readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterPool, progressBar, startWorkerNode } from '../../src/cluster/index.js'
import { clusterReduceKernels, itemKernels } from '../../src/cluster/kernel-names.js'
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

boundary('the kernels a cluster runs are read from the catalog', () => {
  assert.ok(itemKernels().includes('fibonacci') && itemKernels().includes('checkedSqrt'))
  assert.not.ok(itemKernels().includes('sumF64'))
  for (const name of ['sumF64', 'dotF64', 'minMaxF64', 'histogramU32', 'countPrimes', 'monteCarloPi']) {
    assert.ok(clusterReduceKernels().includes(name), name)
  }
  assert.not.ok(clusterReduceKernels().includes('mandelbrot'))
})

boundary.run()
