// A worker node: one local Engine serving a BullMQ queue. Each job is a slice
// of a map, a block of a reduce, or one call; the node runs it on all its
// threads and returns the result. A job whose kernel fails (bad item, trap)
// fails for good (BullMQ's UnrecoverableError): running it again would fail
// again. A node that dies mid-job loses its lock, and BullMQ's stalled-job
// check hands the job to another node.

import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import { Engine } from '../engine.js'
import { KernelError } from '../errors.js'
import { kernels, isPointer, type KernelSpec } from '../kernels/catalog.js'
import { parseRedisUrl, type RedisConnection } from './connection.js'
import type { CallJob, ClusterJob, JobResult, MapJob, ReduceJob } from './jobs.js'
import { loadPayload } from './payloads.js'

export interface WorkerNodeOptions {
  /** Redis: a redis:// URL or { host, port }. */
  readonly redis: string | RedisConnection
  /** Queue name (default 'sabre'); producers use the same. */
  readonly queue?: string
  /** Engine threads (default: available parallelism). */
  readonly threads?: number
  /** Jobs in progress at once (default 2: one computes while the next one's data loads). */
  readonly concurrency?: number
  /** A job's lock lasts this long without renewal (ms, default 10 000): a dead node's jobs rerun after about this. */
  readonly lockMs?: number
}

export interface WorkerNode {
  readonly threads: number
  /** Jobs this node completed. */
  readonly completed: number
  /** Stops taking jobs, finishes the ones in progress, closes the engine. */
  close(): Promise<void>
}

/** Sub-ranges of a reduce job for kernels without array arguments: fixed, so partials do not depend on threads. */
const BLOCKS_PER_JOB = 16

/** Starts a worker node; resolves once it is connected and taking jobs. */
export async function startWorkerNode(options: WorkerNodeOptions): Promise<WorkerNode> {
  const connection = typeof options.redis === 'string' ? parseRedisUrl(options.redis) : options.redis
  const engine = await Engine.start(options.threads === undefined ? {} : { threads: options.threads })
  const data = new Redis({ ...connection, maxRetriesPerRequest: null, lazyConnect: false })
  let completed = 0
  const lockDuration = options.lockMs ?? 10_000
  const worker = new Worker<ClusterJob, JobResult>(options.queue ?? 'sabre', async (job) => {
    const result = await run(engine, data, job)
    completed++
    return result
  }, {
    connection: { ...connection, maxRetriesPerRequest: null },
    concurrency: options.concurrency ?? 2,
    lockDuration, stalledInterval: Math.max(500, lockDuration / 2), maxStalledCount: 3,
  })
  await worker.waitUntilReady()
  return {
    threads: engine.threads,
    get completed() { return completed },
    async close() {
      await worker.close()
      data.disconnect()
      await engine.close()
    },
  }
}

async function run(engine: Engine, data: Redis, job: Job<ClusterJob, JobResult>): Promise<JobResult> {
  const spec = (kernels as Record<string, KernelSpec>)[job.data.kernel]
  try {
    switch (job.data.kind) {
      case 'map': return await runMap(engine, data, job as Job<MapJob>)
      case 'reduce': return await runReduce(engine, data, job.data, spec)
      case 'call': return await runCall(engine, job.data)
    }
  } catch (error) {
    // Bad input and traps are the job's own fault: no attempt would go better.
    if (error instanceof KernelError || error instanceof TypeError || error instanceof RangeError) {
      throw new UnrecoverableError(error.message)
    }
    throw error
  }
}

async function runMap(engine: Engine, data: Redis, job: Job<MapJob>): Promise<JobResult> {
  const { kernel, offset, arity, tuples } = job.data
  const flat = await loadPayload(data, job.data.items)
  const count = flat.length / arity
  const items = arity === 1 && !tuples ? flat : Array.from({ length: count }, (_, i) => flat.subarray(i * arity, (i + 1) * arity))
  let done = 0
  let reported = performance.now()
  try {
    const results = await engine.map(kernel as never, items, {
      tuples: tuples || arity > 1,
      onChunk: (begin, end) => {
        done += end - begin
        // Progress events are Redis writes: a few per second per job is plenty.
        if (performance.now() - reported > 200) {
          reported = performance.now()
          void job.updateProgress(done).catch(() => {})
        }
      },
    })
    return { results: Array.from(results) }
  } catch (error) {
    if (error instanceof KernelError) {
      const local = error.range![0]
      const item = arity === 1 ? String(flat[local]) : `[${Array.from(flat.subarray(local * arity, (local + 1) * arity)).join(', ')}]`
      throw new UnrecoverableError(`item ${offset + local} (${item}): ${error.message.replace(/^kernel \S+ trapped on item \d+ \([^)]*\) /, '')}`)
    }
    throw error
  }
}

async function runReduce(engine: Engine, data: Redis, job: ReduceJob, spec: KernelSpec | undefined): Promise<JobResult> {
  if (!spec?.reduce) throw new TypeError(`${job.kernel} is not a reduce kernel`)
  const length = job.end - job.begin
  if (job.arrays.length === 0) {
    if (spec.reduce.partial !== 'return') throw new TypeError(`${job.kernel} cannot run as a cluster reduce`)
    // One call per block of the job's range, combined in block order.
    const step = Math.ceil(length / BLOCKS_PER_JOB)
    const calls = []
    for (let b = job.begin; b < job.end; b += step) calls.push({ kernel: job.kernel, args: [...job.scalars, b, Math.min(job.end, b + step)] })
    const outcomes = await engine.runAll(calls)
    let sum = 0
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason
      sum += outcome.value
    }
    return { partial: sum }
  }
  const pointers = spec.params.filter(isPointer)
  const views: (Float64Array | Uint32Array)[] = []
  try {
    const args = await Promise.all(pointers.map(async (param, i) => {
      const type = param.type === 'f64*' ? 'f64' : 'u32'
      const slice = await loadPayload(data, job.arrays[i]!, type)
      const view = engine.alloc(type === 'f64' ? Float64Array : Uint32Array, length)
      view.set(slice)
      views.push(view)
      return view
    }))
    const result = await engine.reduce(job.kernel as never, length, [...args, ...job.scalars])
    return { partial: ArrayBuffer.isView(result) ? Array.from(result as Uint32Array) : result as number | { min: number; max: number } }
  } finally {
    for (const view of views) engine.free(view)
  }
}

async function runCall(engine: Engine, job: CallJob): Promise<JobResult> {
  const [outcome] = await engine.runAll([{ kernel: job.kernel, args: job.args as number[] }])
  if (outcome!.status === 'rejected') throw outcome!.reason
  return { value: outcome!.value }
}
