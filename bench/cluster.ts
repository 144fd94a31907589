// bench/cluster: the cluster's map against the local Pool on the same work,
// with 1, 2 and 3 worker processes on this machine, and what one job costs.
// Medians of 3 runs. Skips with a message where redis-server is missing.

import { existsSync } from 'node:fs'
import os from 'node:os'
import { table } from '../src/format/table.js'
import { median } from '../src/format/measure.js'
import { ClusterPool } from '../src/cluster/index.js'
import { Engine, Pool } from '../src/index.js'
import { REDIS_SERVER, startRedis, startWorker } from '../test/cluster/redis.js'

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
  await redis.stop()
  console.log(`bench/cluster: fibonacci(20..24) × ${items.length} items, jobs of 100 items; ${os.availableParallelism()} cores, medians of ${RUNS}\n${table(rows)}`)
}
