// Redis away: at connect (nothing listens), under a pending call (killed for
// good), and restarted under a long map (back within the timeout). Nothing
// hangs, nothing is printed but one line per state change, nothing is lost.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterConnectionError, ClusterPool } from '../../src/cluster/index.js'
import { Engine, Pool } from '../../src/index.js'
import { freePort, runCli, startRedis, startWorker } from './redis.js'

/** Everything written to this process's stderr while `run` runs (console.error included). */
async function stderrOf<T>(run: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; stderr: string }> {
  const write = process.stderr.write
  let stderr = ''
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString()
    return true
  }) as typeof process.stderr.write
  try {
    return { value: await run(), error: undefined, stderr }
  } catch (error) {
    return { value: undefined, error, stderr }
  } finally {
    process.stderr.write = write
  }
}

/** Settles with `promise`'s rejection (or undefined if it resolves), and how long that took (ms). */
async function rejection(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now()
  const error = await promise.then(() => undefined, (e: unknown) => e)
  return { error, elapsedMs: performance.now() - started }
}

const test = suite('cluster connection')

test('connect to a port where nothing listens rejects within connectTimeoutMs with one error naming the URL, printing nothing', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`
  const started = performance.now()
  const { error, stderr } = await stderrOf(() => ClusterPool.connect({ redis: url, connectTimeoutMs: 1000 }))
  const elapsedMs = performance.now() - started
  assert.instance(error, ClusterConnectionError)
  assert.match((error as Error).message, `cannot reach Redis at ${url} within 1000 ms`)
  assert.match((error as Error).message, 'ECONNREFUSED')
  assert.is((error as ClusterConnectionError).url, url)
  assert.ok(elapsedMs >= 1000 && elapsedMs < 1000 + 5000, `${elapsedMs.toFixed(0)} ms`)
  assert.is(stderr, '', 'no ioredis or BullMQ output')
})

test('the URL in messages hides the password', async () => {
  const port = await freePort()
  const error = await ClusterPool.connect({ redis: `redis://alice:s3cret@127.0.0.1:${port}`, connectTimeoutMs: 200 }).then(() => undefined, (e: unknown) => e)
  assert.instance(error, ClusterConnectionError)
  assert.match((error as Error).message, `redis://alice:***@127.0.0.1:${port}`)
  assert.not.match((error as Error).message, 's3cret')
})

test('sabre worker with no Redis exits 1 after --connect-timeout-ms, printing one line', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`
  const { code, stdout, stderr, elapsedMs } = await runCli(['worker', '--redis', url, '--threads', '1', '--connect-timeout-ms', '1000'])
  assert.is(code, 1)
  assert.is(stdout, '')
  const lines = stderr.trim().split('\n')
  assert.is(lines.length, 1, stderr)
  assert.match(lines[0]!, `sabre worker: cannot reach Redis at ${url} within 1000 ms`)
  assert.ok(elapsedMs < 1000 + 5000, `${elapsedMs.toFixed(0)} ms`)
})

test('Redis killed under a pending call: it rejects within connectTimeoutMs naming the URL; later calls and close() do not hang', async () => {
  const redis = await startRedis()
  try {
    // No worker serves this queue: the call can only end by the connection's clock.
    const pool = await ClusterPool.connect({ redis: redis.url, queue: 'nobody', connectTimeoutMs: 1500 })
    const { error, elapsedMs, stderr } = await stderrOf(async () => {
      const pending = rejection(pool.map('square', [1, 2, 3], { chunksize: 1 }))
      await new Promise((resolve) => setTimeout(resolve, 200))
      await redis.kill('SIGKILL')
      return pending
    }).then(({ value, stderr }) => ({ ...value!, stderr }))
    assert.instance(error, ClusterConnectionError)
    assert.match((error as Error).message, `lost Redis at ${redis.url}: no connection for over 1500 ms`)
    assert.ok(elapsedMs < 1500 + 5000, `${elapsedMs.toFixed(0)} ms`)
    const later = await rejection(pool.apply('square', [3]))
    assert.instance(later.error, ClusterConnectionError, 'a call while the connection is lost')
    assert.ok(later.elapsedMs < 1000, `${later.elapsedMs.toFixed(0)} ms`)
    const closing = await stderrOf(() => rejection(pool.close()))
    assert.is(closing.value?.error, undefined)
    assert.ok(closing.value!.elapsedMs < 1500 + 5000, `close took ${closing.value!.elapsedMs.toFixed(0)} ms`)
    assert.is(stderr + closing.stderr, '', 'no ioredis or BullMQ output')
  } finally {
    await redis.stop()
  }
})

test('redis-server restarted under a long map: the map completes exactly, each job counted once; each node says lost, then back', async () => {
  const redis = await startRedis({ persistent: true })
  const workers = await Promise.all([0, 1].map(() => startWorker(redis.url, 'restart')))
  const engine = await Engine.start({ threads: 1 })
  const pool = await ClusterPool.connect({ redis: redis.url, queue: 'restart', backoffMs: 100 })
  try {
    const items = Array.from({ length: 3000 }, (_, i) => 16 + (i % 9))
    const chunksize = 30
    let restart: Promise<void> | undefined
    let restartMs = 0
    const { value: remote, error, stderr } = await stderrOf(() => pool.map('fibonacci', items, {
      chunksize,
      onProgress: (done, total) => {
        if (restart || done < total / 5) return
        const started = performance.now()
        restart = redis.kill('SIGTERM').then(() => redis.restart()).then(() => { restartMs = performance.now() - started })
      },
    }))
    assert.is(error, undefined, String(error))
    assert.ok(restart, 'Redis was restarted during the map')
    await restart
    assert.equal(remote, await new Pool(engine).map('fibonacci', items))
    assert.is(pool.stats.completed, items.length / chunksize, 'each job counted once')
    assert.is(pool.stats.jobs, items.length / chunksize)
    assert.is(stderr, '', 'the producer printed nothing')
    for (const worker of workers) {
      const output = worker.output()
      assert.not.match(output, 'Unhandled error event')
      assert.not.match(output, /^\s+at /m, 'no stack traces')
      const states = output.split('\n').filter((line) => /lost Redis|is back/.test(line)).map((line) => (line.includes('lost') ? 'lost' : 'back'))
      assert.ok(states.length >= 2 && states.length % 2 === 0, output)
      assert.ok(states.every((state, i) => state === (i % 2 === 0 ? 'lost' : 'back')), `alternating lost/back: ${output}`)
    }
    console.log(`    (redis-server down and back in ${restartMs.toFixed(0)} ms)`)
  } finally {
    await pool.close()
    await Promise.all(workers.map((worker) => worker.stop()))
    await engine.close()
    await redis.stop()
  }
})

test.run()
