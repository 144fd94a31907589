// Users' own kernels on a cluster: a module compiled in the test, two
// `sabre worker --module` processes, and producers checked against the
// module's kernels. A kernel the nodes lack fails the job, naming both.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { ClusterJobError, ClusterPool } from '../../src/cluster/index.js'
import { compileKernels, type DescriptionFile } from '../../src/compile/index.js'
import { loadKernels } from '../../src/index.js'
import { suite } from '../support/suite.js'
import { startRedis, startWorker, tearDown, type RedisFixture, type WorkerProcess } from './redis.js'

const SOURCE = `import { Ptr, Sum, Min } from "sabre/assembly/kernel"

export function triple(x: f64): f64 {
  return x * 3
}

export function affine(x: f64, a: f64, b: f64): f64 {
  return a * x + b
}

export function sumSquares(xs: Ptr<f64>, begin: i32, end: i32): Sum<f64> {
  let s = 0.0
  for (let i = begin; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3))
    s += x * x
  }
  return s
}

export function smallest(xs: Ptr<f64>, begin: i32, end: i32): Min<f64> {
  let m = Infinity
  for (let i = begin; i < end; i++) m = Math.min(m, load<f64>(xs + (<usize>i << 3)))
  return m
}

export function countMultiples(k: i32, begin: i32, end: i32): Sum<f64> {
  let c = 0.0
  for (let i = begin; i < end; i++) if (i % k == 0) c += 1
  return c
}
`

interface Context { dir: string; description: string; redis: RedisFixture; workers: WorkerProcess[]; pool: ClusterPool }
const QUEUE = 'own'
const test = suite<Context>('cluster with your own kernels', {} as Context)

test.before(async (context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'sabre-own-cluster-'))
  writeFileSync(join(context.dir, 'own.ts'), SOURCE)
  const compiled = await compileKernels(join(context.dir, 'own.ts'), { outDir: join(context.dir, 'build') })
  context.description = compiled.description
  context.redis = await startRedis()
  // One node is given the description, the other the .wasm beside it: both are loadKernels' inputs.
  context.workers = await Promise.all([compiled.description, compiled.wasm].map((module) =>
    startWorker(context.redis.url, QUEUE, 1, 2000, ['--module', module])))
  context.pool = await ClusterPool.connect({ redis: context.redis.url, queue: QUEUE, backoffMs: 100, module: await loadKernels(compiled.description) })
})

test.after(({ pool, workers, redis, dir }) => tearDown({ pools: [pool], workers, redis, dir }))

test('each node says which module it serves', ({ workers }) => {
  for (const worker of workers) assert.match(worker.output(), /sabre worker: 1 threads serving queue own at redis:\/\/127\.0\.0\.1:\d+ with module own\.(sabre\.json|wasm) \(pid \d+\)/)
})

test('map and starmap run the module\'s item kernels on the nodes, in input order', async ({ pool }) => {
  const items = Array.from({ length: 1000 }, (_, i) => i - 500)
  assert.equal(await pool.map('triple', items, { chunksize: 64 }), items.map((x) => x * 3))
  assert.equal(await pool.starmap('affine', [[1, 2, 3], [10, -1, 0.5], [0, 7, 8]], { chunksize: 1 }), [5, -9.5, 8])
  assert.is(await pool.apply('triple', [14]), 42)
  // applyAsync answers with Pool's AsyncResult.
  let seen: number | undefined
  const result = pool.applyAsync('affine', [2, 10, 1], { callback: (value) => { seen = value } })
  assert.is(await result.get(10_000), 21)
  assert.ok(result.ready() && result.successful())
  assert.is(seen, 21)
  assert.throws(() => pool.applyAsync('triple', [1], { callbak: () => {} } as never),
    (e: Error) => e instanceof TypeError && e.message === 'ClusterPool.applyAsync has no option "callbak": its options are { signal?, timeoutMs?, callback?, errorCallback? }')
})

test('a reduce combines the jobs\' partials with the kernel\'s declared op: Sum adds, Min takes the least', async ({ pool }) => {
  // 80 000 bytes: over the inline limit, so the data travels by reference.
  const n = 10_000
  const xs = Float64Array.from({ length: n }, (_, i) => i)
  assert.is(await pool.reduce('sumSquares', n, [xs], { chunksize: 1_500 }), (n - 1) * n * (2 * n - 1) / 6)
  const ys = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10_007) - 5000)
  let least = Infinity
  for (const y of ys) least = Math.min(least, y)
  // Summing the per-job minima (the old guess from a number's shape) would give about 7 × this.
  assert.is(await pool.reduce('smallest', n, [ys], { chunksize: 1_500 }), least)
  // All scalars: each job runs its own index range.
  assert.is(await pool.reduce('countMultiples', 1_000_000, [7], { chunksize: 100_000 }), 142_858)
  assert.is(await pool.reduce('sumSquares', 0, [xs]), 0, 'n = 0: the identity of sum')
  assert.is(await pool.reduce('smallest', 0, [ys]), Infinity, 'n = 0: the identity of min')
})

test('calls are checked against the module at the producer, and the messages list its kernels', async ({ pool }) => {
  const missing = await pool.map('fibonacci', [1]).then(() => undefined, (e: unknown) => e)
  assert.instance(missing, RangeError)
  assert.is((missing as Error).message, 'kernel must be an item kernel of your module (triple, affine), got "fibonacci"')
  const reduce = await pool.reduce('triple', 10).then(() => undefined, (e: unknown) => e)
  assert.instance(reduce, RangeError)
  assert.is((reduce as Error).message, 'kernel must be a reduce kernel of your module that the cluster splits (sumSquares, smallest, countMultiples), got "triple"')
  const args = await pool.apply('affine', [1, 2]).then(() => undefined, (e: unknown) => e)
  assert.instance(args, TypeError)
  assert.is((args as Error).message, 'args of affine must be 3 numbers, got an array of length 2')
  const arity = await pool.starmap('affine', [[1, 2]]).then(() => undefined, (e: unknown) => e)
  assert.instance(arity, TypeError)
})

test('a kernel the nodes lack fails its job for good, naming the kernel and the nodes\' module', async ({ pool, description, redis }) => {
  // A producer whose description has one kernel more than the nodes' module.
  const file = JSON.parse(readFileSync(description, 'utf8')) as DescriptionFile
  const newer = { ...file, kernels: { ...file.kernels, quadruple: { kind: 'item', params: ['f64'], names: ['x'] } } } as DescriptionFile
  const ahead = await ClusterPool.connect({ redis: redis.url, queue: QUEUE, backoffMs: 100, module: newer })
  // And one on the built-in kernels, sending a job to nodes that serve another module.
  const builtin = await ClusterPool.connect({ redis: redis.url, queue: QUEUE, backoffMs: 100 })
  try {
    const started = performance.now()
    // One job, so the failure is job 0's whichever node takes it (several jobs would race to fail first).
    const error = await ahead.map('quadruple', [1, 2, 3], { chunksize: 3 }).then(() => undefined, (e: unknown) => e)
    assert.instance(error, ClusterJobError)
    assert.match((error as Error).message,
      /^job 0 failed: kernel "quadruple" is not in this node's module own\.(sabre\.json|wasm) \(its kernels: triple, affine, sumSquares, smallest, countMultiples\)$/)
    // UnrecoverableError: no retries with backoff, an answer in well under the attempts' delays plus lock time.
    assert.ok(performance.now() - started < 5_000, `${(performance.now() - started).toFixed(0)} ms`)
    const other = await builtin.apply('fibonacci', [20]).then(() => undefined, (e: unknown) => e)
    assert.instance(other, ClusterJobError)
    assert.match((other as Error).message, /kernel "fibonacci" is not in this node's module own\./)
    let reported: unknown
    const async = builtin.applyAsync('fibonacci', [20], { errorCallback: (e) => { reported = e } })
    await async.wait(10_000)
    assert.not.ok(async.successful())
    assert.instance(reported, ClusterJobError)
    assert.equal(await ahead.map('triple', [1, 2]), [3, 6], 'the kernels both have still run')
    assert.equal(pool.stats.deadLettered, 0)
  } finally {
    await ahead.close()
    await builtin.close()
  }
})

test.run()
