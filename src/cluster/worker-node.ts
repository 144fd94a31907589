// A worker node: one local Engine serving a BullMQ queue. Each job is a slice
// of a map, a block of a reduce, one call, or one phased kernel; the node runs
// it on all its threads and returns the result. A job whose kernel fails (bad item, trap)
// fails for good (BullMQ's UnrecoverableError): running it again would fail
// again. A node that dies mid-job loses its lock, and BullMQ's stalled-job
// check hands the job to another node. A node is a daemon: once connected,
// it outlives any Redis outage, reconnecting as long as it takes.

import type { Job, UnrecoverableError as UnrecoverableErrorClass, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { Engine } from '../engine/engine.js'
import { KernelError, TimeoutError, checkOptions, rangeError, typeError } from '../errors.js'
import type { KernelSpec, ReduceSpec } from '../kernels/catalog.js'
import { isPointer, VIEW_TYPES, viewOfElement } from '../kernels/vocabulary.js'
import { describeModule, loadKernels, type KernelModule } from '../kernels/description.js'
import { ClusterKernels, combinePartials, lanesOf } from './cluster-kernels.js'
import { openClient, redisTarget, type RedisConnection } from './connection.js'
import { ConnectionWatch, settleWithin } from './connection-watch.js'
import { DATA_TTL_SECONDS, type CallJob, type ClusterJob, type JobResult, type MapJob, type ParallelJob, type ReduceJob } from './jobs.js'
import { loadQueueLibraries } from './optional-peers.js'
import { arrayTypes } from './parallel-args.js'
import { loadPayload, storeArray, type Numeric } from './payloads.js'

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
  /** How long the first connection may take (ms, default 10 000); after it, the node reconnects for as long as Redis is away. */
  readonly connectTimeoutMs?: number
  /**
   * Your own kernels instead of the built-in ones: the path or URL of the
   * `.sabre.json` that `sabre compile` wrote (or of the .wasm beside it), read
   * with loadKernels, or the module loadKernels gave. A job naming a kernel the
   * module lacks fails for good, naming the kernel and the module.
   */
  readonly module?: string | URL | KernelModule
  /**
   * Where the node reports, one line each: Redis lost, Redis back, and errors
   * outside any job (default: stderr).
   */
  readonly log?: (line: string) => void
}

export interface WorkerNode {
  readonly threads: number
  /** The kernels it serves, as messages name them: "the built-in kernels", "module kernels.sabre.json". */
  readonly module: string
  /** Jobs this node completed. */
  readonly completed: number
  /** Stops taking jobs, finishes the ones in progress, closes the engine. */
  close(): Promise<void>
}

/** Sub-ranges of a reduce job for kernels without array arguments: fixed, so partials do not depend on threads. */
const BLOCKS_PER_JOB = 16

/**
 * Starts a worker node; resolves once it is connected and taking jobs.
 * Rejects with ClusterConnectionError (naming the URL) when Redis is not
 * reachable within `connectTimeoutMs`, and with Error naming
 * `npm install bullmq ioredis` when those optional packages are missing.
 */
export async function startWorkerNode(options: WorkerNodeOptions): Promise<WorkerNode> {
  checkOptions(options, ['redis', 'queue', 'threads', 'concurrency', 'lockMs', 'connectTimeoutMs', 'module', 'log'], 'startWorkerNode', { required: ['redis'] })
  const target = redisTarget(options.redis)
  const { queue = 'sabre', concurrency = 2, lockMs = 10_000, connectTimeoutMs = 10_000 } = options
  if (typeof queue !== 'string' || !/^[\w.-]{1,100}$/.test(queue)) throw typeError('options.queue', 'a name of letters, digits, _ . -', queue)
  if (!Number.isInteger(concurrency) || concurrency < 1) throw rangeError('options.concurrency', 'an integer >= 1', concurrency)
  if (!Number.isInteger(lockMs) || lockMs < 100) throw rangeError('options.lockMs', 'an integer number of ms >= 100', lockMs)
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1) throw rangeError('options.connectTimeoutMs', 'an integer number of ms >= 1', connectTimeoutMs)
  if (options.log !== undefined && typeof options.log !== 'function') throw typeError('options.log', 'a function (line: string) => void', options.log)
  const log = options.log ?? ((line: string) => console.error(line))
  // Read before connecting: a module that cannot be read fails the start at once, naming the file.
  const module = await readModule(options.module)
  const kernels = module ? ClusterKernels.of(module.module, 'options.module', module.label) : ClusterKernels.builtin()
  const { bullmq, ioredis } = await loadQueueLibraries()
  const data = openClient(ioredis.Redis, target, connectTimeoutMs)
  const watch = new ConnectionWatch(data, target.label, connectTimeoutMs, {
    onDown: (reason) => log(`sabre worker: lost Redis at ${target.label} (${reason}); reconnecting until it is back`),
    onUp: () => log(`sabre worker: Redis at ${target.label} is back`),
  })
  let engine: Engine | undefined
  let worker: Worker<ClusterJob, JobResult> | undefined
  let completed = 0
  let lastError = ''
  const connect = async (): Promise<Worker<ClusterJob, JobResult>> => {
    // BullMQ is given a connection that works: one that never did cannot be closed without hanging.
    await watch.connected
    // Jobs wait for run(), which starts once the engine is up: no job sees a node half started.
    worker = new bullmq.Worker<ClusterJob, JobResult>(queue, async (job) => {
      const result = await run(engine!, kernels, data, job, bullmq.UnrecoverableError)
      completed++
      return result
    }, {
      // The worker's commands share `data`; its blocking fetch runs on a duplicate (same options).
      connection: data, autorun: false, concurrency,
      lockDuration: lockMs, stalledInterval: Math.max(500, lockMs / 2), maxStalledCount: 3,
    })
    worker.on('error', (error: Error) => {
      // While Redis is away every command fails the same way: the watch says so once.
      if (watch.state !== 'up' || isConnectionError(error)) return
      // A job whose lock lapsed (Redis away longer than lockMs, or a busy node) was handed to another
      // node; finishing it here fails twice (moveToFinished, then moveToDelayed): one line per job.
      const message = /^Missing (?:lock|key) for job (.+?)\. /.exec(error.message)
      const line = message ? `dropped job ${message[1]}: it is no longer this node's (${error.message})` : error.message
      if (line === lastError || (message && lastError.includes(`job ${message[1]}:`))) return
      lastError = line
      log(`sabre worker: ${line}`)
    })
    await worker.waitUntilReady()
    return worker
  }
  const stop = async (): Promise<void> => {
    watch.close()
    if (worker) {
      // Jobs in progress finish and report, given Redis; without it their locks lapse and other nodes rerun them.
      if (data.status === 'ready') await settleWithin(worker.close(), lockMs + connectTimeoutMs)
      else void worker.close(true).catch(() => {})
    }
    data.disconnect()
    await engine?.close()
  }
  try {
    const connected = await watch.deadline(connect())
    engine = await Engine.start({ ...(options.threads !== undefined && { threads: options.threads }), ...(module && { module: module.module }) })
    connected.run().catch((error: Error) => log(`sabre worker: stopped taking jobs: ${error.message}`))
  } catch (error) {
    await stop()
    throw error
  }
  return {
    threads: engine.threads,
    module: kernels.label,
    get completed() { return completed },
    close: stop,
  }
}

/** Socket-level failures and ioredis's "Connection is closed": the connection's state, reported by the watch. */
function isConnectionError(error: Error): boolean {
  const code = (error as { code?: unknown }).code
  return (typeof code === 'string' && /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN)/.test(code))
    || /Connection is closed|ECONN|EPIPE|ETIMEDOUT/.test(error.message)
}

/**
 * options.module read with loadKernels (a path or URL) or checked as a
 * KernelModule, its kernels described once: the node's job checks and its
 * engine take that description. And how messages name the module.
 */
async function readModule(module: WorkerNodeOptions['module']): Promise<{ module: KernelModule; label: string } | undefined> {
  if (module === undefined) return undefined
  if (typeof module === 'string' || module instanceof URL) {
    const name = (module instanceof URL ? module.pathname : module).split(/[\\/]/).pop() || String(module)
    return { module: await loadKernels(module), label: `module ${name}` }
  }
  return { module: describeModule(module, 'options.module'), label: 'your module' }
}

async function run(engine: Engine, kernels: ClusterKernels, data: Redis, job: Job<ClusterJob, JobResult>, UnrecoverableError: typeof UnrecoverableErrorClass): Promise<JobResult> {
  // A producer on another module (or a stale one) named a kernel this node lacks: no attempt here would go better.
  const refusal = kernels.refusal(job.data.kernel, job.data.kind)
  if (refusal !== undefined) throw new UnrecoverableError(refusal)
  const spec = kernels.spec(job.data.kernel)!
  try {
    switch (job.data.kind) {
      case 'map': return await runMap(engine, data, job as Job<MapJob>)
      case 'reduce': return await runReduce(engine, data, job.data, spec as KernelSpec & { reduce: ReduceSpec })
      case 'call': return await runCall(engine, job.data)
      case 'parallel': return await runParallel(engine, data, job.data, spec)
    }
  } catch (error) {
    // Bad input and traps are the job's own fault: no attempt would go better. Nor would one
    // past the call's timeoutMs (a parallel job's), by which time its producer has given up.
    if (error instanceof KernelError || error instanceof TypeError || error instanceof RangeError || error instanceof TimeoutError) {
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
    if (error instanceof KernelError && error.range) {
      const [begin, end] = error.range
      const item = arity === 1 ? String(flat[begin]) : `[${Array.from(flat.subarray(begin * arity, (begin + 1) * arity)).join(', ')}]`
      // run() turns it into UnrecoverableError; the message names the item in the whole map and the trap (its own field).
      throw new KernelError(`item ${offset + begin} (${item}) in worker ${error.worker}: ${error.trap}`,
        error.kernel, [offset + begin, offset + end], error.worker, error.trap)
    }
    throw error
  }
}

async function runReduce(engine: Engine, data: Redis, job: ReduceJob, spec: KernelSpec & { reduce: ReduceSpec }): Promise<JobResult> {
  const length = job.end - job.begin
  if (job.arrays.length === 0) {
    // One call per block of the job's range, combined in block order with the kernel's op.
    const step = Math.ceil(length / BLOCKS_PER_JOB)
    const calls = []
    for (let b = job.begin; b < job.end; b += step) calls.push({ kernel: job.kernel, args: [...job.scalars, b, Math.min(job.end, b + step)] })
    const outcomes = await engine.runAll(calls)
    const partials = outcomes.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason
      return [outcome.value]
    })
    return { lanes: lanesOf(spec.reduce, combinePartials(spec.reduce, partials)) }
  }
  const pointers = spec.params.filter(isPointer)
  const views: Numeric[] = []
  try {
    const args = await Promise.all(pointers.map(async (param, i) => {
      const view = engine.from(await loadPayload(data, job.arrays[i]!, param.type))
      views.push(view)
      return view
    }))
    const result = await engine.reduce(job.kernel as never, length, [...args, ...job.scalars])
    return { lanes: lanesOf(spec.reduce, result) }
  } finally {
    for (const view of views) engine.free(view)
  }
}

async function runCall(engine: Engine, job: CallJob): Promise<JobResult> {
  const [outcome] = await engine.runAll([{ kernel: job.kernel, args: job.args as number[] }])
  if (outcome!.status === 'rejected') throw outcome!.reason
  return { value: outcome!.value }
}

/**
 * The job's arrays copied into the engine and its scratch made there, the
 * kernel run once on every member, and each array the kernel changed sent
 * back (by reference under `results` when large); what was allocated is freed.
 */
async function runParallel(engine: Engine, data: Redis, job: ParallelJob, spec: KernelSpec): Promise<JobResult> {
  const types = arrayTypes(spec, job.args)
  const sent: Numeric[] = []
  const views: Numeric[] = []
  try {
    for (const [i, payload] of job.arrays.entries()) {
      sent.push(await loadPayload(data, payload, types[i]))
      views.push(engine.from(sent[i]!))
    }
    const args = job.args.map((arg) => {
      if (typeof arg === 'number') return arg
      if ('array' in arg) return views[arg.array]
      const type = viewOfElement(arg.scratch)
      if (!type || !Number.isInteger(arg.perMember)) throw new TypeError(`a scratch argument must name a view type and an integer count, got ${JSON.stringify(arg)}`)
      const scratch = engine.alloc(VIEW_TYPES[type].views[0], arg.perMember * engine.threads)
      views.push(scratch)
      return scratch
    })
    await engine.parallel(job.kernel as never, args as never, job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs })
    const bytes = (view: Numeric): Buffer => Buffer.from(view.buffer, view.byteOffset, view.byteLength)
    // Copied off shared memory (slice) before it is freed; arrays the kernel only read do not travel back.
    const arrays = await Promise.all(sent.map(async (before, i) => Buffer.compare(bytes(before), bytes(views[i]!)) === 0 ? null
      : (await storeArray(data, `${job.results}.${i}`, views[i]!.slice(), DATA_TTL_SECONDS))(0, before.length)))
    return { arrays }
  } finally {
    for (const view of views) engine.free(view)
  }
}
