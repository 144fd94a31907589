// bench/cluster: the cluster's map against the local Pool on the same work,
// with 1, 2 and 3 worker processes on this machine, and what one job costs;
// then a phased kernel as one job on one node (pool.parallel) against the
// local engine.parallel. Medians of 3 runs. Skips with a message where
// redis-server is missing.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { table } from '../src/format/table.js'
import { median } from '../src/format/measure.js'
import { ClusterPool, perMember } from '../src/cluster/index.js'
import { compileKernels } from '../src/compile/index.js'
import { Engine, loadKernels, Pool } from '../src/index.js'
import { REDIS_SERVER, startRedis, startWorker } from '../test/cluster/redis.js'
import { countBytes, docsHistogramSource, hashedBytes } from '../test/support/phased-module.js'

const RUNS = 3
const items = Array.from({ length: 4000 }, (_, i) => 20 + (i % 5)) // fibonacci(20..24): ~0.1-0.6 ms each
const time = async (run: () => Promise<unknown>): Promise<number> => {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return median(times)
}

/**
 * docs/own-kernels.md's histogram of `sizes` bytes on 2 threads: the local
 * engine.parallel on data already in the engine, and pool.parallel on one
 * node of 2 threads (the bytes travel to it by reference; the bins come back).
 */
async function phasedRows(redisUrl: string, sizes: readonly number[]): Promise<string[][]> {
  const dir = mkdtempSync(join(os.tmpdir(), 'sabre-bench-phased-'))
  writeFileSync(join(dir, 'histogram.ts'), docsHistogramSource())
  const { description } = await compileKernels(join(dir, 'histogram.ts'), { outDir: dir })
  const worker = await startWorker(redisUrl, 'phased', 2, 10_000, ['--module', description])
  const pool = await ClusterPool.connect({ redis: redisUrl, queue: 'phased', module: await loadKernels(description) })
  const engine = await Engine.start({ threads: 2, module: await loadKernels(description) })
  const rows = [['bytes', 'engine.parallel ms', 'pool.parallel ms', 'cluster / local']]
  for (const n of sizes) {
    const bytes = hashedBytes(n)
    const data = engine.from(bytes)
    const counts = engine.alloc(Uint32Array, 256 * engine.threads)
    const bins = engine.alloc(Uint32Array, 256)
    const local = await time(() => engine.parallel('histogramBytes', [data, n, counts, bins]))
    const remote = new Uint32Array(256)
    const cluster = await time(() => pool.parallel('histogramBytes', [bytes, n, perMember(Uint32Array, 256), remote]))
    const expected = countBytes(bytes)
    if (expected.some((count, b) => count !== bins[b] || count !== remote[b])) throw new Error(`the histograms of ${n} bytes differ`)
    rows.push([n.toLocaleString('en-US'), local.toFixed(1), cluster.toFixed(1), `${(cluster / local).toFixed(0)}×`])
    for (const view of [data, counts, bins]) engine.free(view)
  }
  await pool.close()
  await worker.stop()
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
  return rows
}

if (!existsSync(REDIS_SERVER)) {
  console.log(`bench/cluster: skipped, no redis-server at ${REDIS_SERVER} (apt-get install redis-server)`)
} else {
  const redis = await startRedis()
  const engine = await Engine.start()
  const localMs = await time(() => new Pool(engine).map('fibonacci', items))
  const rows = [['setup', 'map ms', 'items/s', 'vs local Pool', 'ms per job (1-item jobs)']]
  rows.push([`local Pool, ${engine.threads} threads`, localMs.toFixed(0), (items.length / localMs * 1000).toFixed(0), '1.00×', '—'])
  const workers = []
  for (let count = 1; count <= 3; count++) {
    workers.push(await startWorker(redis.url, 'bench', 1, 10_000))
    const pool = await ClusterPool.connect({ redis: redis.url, queue: 'bench' })
    const ms = await time(() => pool.map('fibonacci', items, { chunksize: 100 }))
    const perJob = (await time(() => pool.map('square', Array.from({ length: 200 }, (_, i) => i), { chunksize: 1 }))) / 200
    rows.push([`cluster, ${count} worker process${count > 1 ? 'es' : ''} × 1 thread`, ms.toFixed(0), (items.length / ms * 1000).toFixed(0),
      `${(localMs / ms).toFixed(2)}×`, perJob.toFixed(2)])
    await pool.close()
  }
  await Promise.all(workers.map((worker) => worker.stop()))
  await engine.close()
  console.log(`bench/cluster: fibonacci(20..24) × ${items.length} items, jobs of 100 items; ${os.availableParallelism()} cores, medians of ${RUNS}\n${table(rows)}`)
  const phased = await phasedRows(redis.url, [1_000_000, 10_000_000])
  await redis.stop()
  console.log(`\nbench/cluster: a phased kernel (the histogram of docs/own-kernels.md) on 2 threads, locally and as one job on one node of 2 threads; medians of ${RUNS}\n${table(phased)}`)
}
