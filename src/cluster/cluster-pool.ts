// The producing side: ClusterPool is Pool's API (PoolBase) over BullMQ jobs.
// A map (or a reduce) is split into jobs of `chunksize` items, each taken by
// some worker node; JobRuns hears how each ends, and the results are put back
// in order. map and starmap resolve in input order, imap streams in input
// order, imapUnordered in completion order; a reduce combines per-job
// partials in job order, so it is deterministic.

import { randomUUID } from 'node:crypto'
import type { Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import { TimeoutError, checkOptions, rangeError, typeError } from '../errors.js'
import type { ReduceKernel, ReduceResult } from '../kernels/catalog.js'
import { isPointer } from '../kernels/vocabulary.js'
import type { DescriptionFile, KernelModule } from '../kernels/description.js'
import { packItems } from '../engine/items.js'
import { PoolBase, type PoolMapOptions, type RunMapOptions, type RunOneOptions } from '../pools/pool-base.js'
import { openClient, redisTarget, type RedisConnection } from './connection.js'
import { ConnectionWatch, settleWithin } from './connection-watch.js'
import { DATA_TTL_SECONDS, type ClusterJob, type Payload } from './jobs.js'
import { JobRuns } from './job-runs.js'
import { ClusterKernels, combinePartials } from './cluster-kernels.js'
import { loadQueueLibraries } from './optional-peers.js'
import { arrayTypes, copyBack, packParallelArgs, type PerMember } from './parallel-args.js'
import { loadPayload, storeArray, type Numeric } from './payloads.js'

export { deadLetterKey } from './job-runs.js'

export interface ClusterOptions {
  /** Redis: a redis:// URL or { host, port }. */
  readonly redis: string | RedisConnection
  /** Queue name (default 'sabre'); worker nodes serve the same. */
  readonly queue?: string
  /** Attempts per job when a node dies or fails it (default 3), with exponential backoff from `backoffMs` (default 500). */
  readonly attempts?: number
  readonly backoffMs?: number
  /**
   * How long Redis may be unreachable (ms, default 10 000): connect() rejects
   * after this long without a connection, and a call pending while the
   * connection is down this long rejects, both with ClusterConnectionError.
   * A connection back within it goes unnoticed.
   */
  readonly connectTimeoutMs?: number
  /**
   * Your own kernels (docs/cluster.md, "Your own kernels on a cluster"): the
   * module loadKernels gives, or its parsed description file. Calls are checked
   * against its kernels instead of the built-in ones; the worker nodes must run
   * the same module (`sabre worker --module`).
   */
  readonly module?: KernelModule | DescriptionFile
}

/** Options of ClusterPool's map, starmap, imap, imapUnordered and reduce. */
export interface ClusterMapOptions extends PoolMapOptions {
  /** Items (a reduce: indices) per job (default: items / 32, at least 1, at most 10 000). */
  readonly chunksize?: number
  /**
   * Rejects the call with TimeoutError after this many ms: its jobs not yet
   * taken by a node are withdrawn from the queue; those running finish there
   * and their results are dropped.
   */
  readonly timeoutMs?: number
  /** Called as items (a reduce: indices) complete: done so far, and the total. */
  readonly onProgress?: (done: number, total: number) => void
}

/** Options of ClusterPool.parallel. */
export interface ClusterParallelOptions {
  /** Aborting rejects the call with AbortError and withdraws its job if no node has taken it; a running one finishes there, its result dropped. */
  readonly signal?: AbortSignal
  /** Rejects with TimeoutError after this many ms, as an abort; the node's run is bounded by it too (its team is replaced if the kernel hangs). */
  readonly timeoutMs?: number
}

const CONNECT_OPTIONS = ['redis', 'queue', 'attempts', 'backoffMs', 'connectTimeoutMs', 'module']

/** What a reduce resolves with, as the engine's reduce: a number, `{ min, max }`, or a Uint32Array of bins. */
export type ClusterReduceResult = number | { min: number; max: number } | Uint32Array

export class ClusterPool extends PoolBase<string, number, number | ArrayLike<number>> {
  protected readonly optionNames = { map: ['chunksize', 'signal', 'timeoutMs', 'onProgress'], apply: ['signal', 'timeoutMs'] } as const
  /** Keys of call data in Redis, deleted when the call ends (or at close). */
  private readonly dataKeys = new Set<string>()
  private releasing: Promise<void> | undefined

  private constructor(
    readonly queueName: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    /** Shared with `queue`: its state is the producer's connection state. */
    private readonly redis: Redis,
    private readonly watch: ConnectionWatch,
    private readonly jobs: JobRuns,
    /** The kernels calls are checked against: the built-in catalog or options.module's. */
    readonly kernels: ClusterKernels,
  ) {
    super()
  }

  /** Jobs added, jobs completed, completions seen twice (ignored: each job counts once), jobs dead-lettered. */
  get stats(): JobRuns['stats'] {
    return this.jobs.stats
  }

  /**
   * Connects to Redis and the queue. Rejects with ClusterConnectionError
   * (naming the URL) when Redis is not reachable within `connectTimeoutMs`,
   * and with Error naming `npm install bullmq ioredis` when those optional
   * packages are missing.
   */
  static async connect(options: ClusterOptions): Promise<ClusterPool> {
    checkOptions(options, CONNECT_OPTIONS, 'ClusterPool.connect', { required: ['redis'] })
    const target = redisTarget(options.redis)
    const kernels = options.module === undefined ? ClusterKernels.builtin() : ClusterKernels.of(options.module, 'options.module')
    const name = options.queue ?? 'sabre'
    if (typeof name !== 'string' || !/^[\w.-]{1,100}$/.test(name)) throw typeError('options.queue', 'a name of letters, digits, _ . -', name)
    const { attempts = 3, backoffMs = 500, connectTimeoutMs = 10_000 } = options
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) throw rangeError('options.attempts', 'an integer in [1, 100]', attempts)
    if (typeof backoffMs !== 'number' || !(backoffMs >= 0)) throw rangeError('options.backoffMs', 'a number of ms >= 0', backoffMs)
    if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1) throw rangeError('options.connectTimeoutMs', 'an integer number of ms >= 1', connectTimeoutMs)
    const { bullmq, ioredis } = await loadQueueLibraries()
    const redis = openClient(ioredis.Redis, target, connectTimeoutMs)
    let jobs: JobRuns | undefined
    // A connection down for longer than connectTimeoutMs fails every call waiting on it.
    const watch = new ConnectionWatch(redis, target.label, connectTimeoutMs, { onLost: (error) => jobs?.failAll(error) })
    let queue: Queue | undefined
    let events: QueueEvents | undefined
    try {
      await watch.deadline((async () => {
        // BullMQ is given a connection that works: one that never did cannot be closed without hanging.
        await watch.connected
        // The queue shares `redis`; QueueEvents blocks on a duplicate of it (same options).
        queue = new bullmq.Queue(name, { connection: redis })
        events = new bullmq.QueueEvents(name, { connection: redis })
        // BullMQ re-emits connection errors; unheard, each would be printed with its stack. The watch has them.
        queue.on('error', () => {})
        events.on('error', () => {})
        await Promise.all([queue.waitUntilReady(), events.waitUntilReady()])
      })())
    } catch (error) {
      watch.close()
      await shutDown(queue, events, redis, connectTimeoutMs)
      throw error
    }
    jobs = new JobRuns(queue!, events!, redis, name, {
      attempts, backoff: { type: 'exponential', delay: backoffMs },
      // Kept until this producer has read them (then removed), with an age as the backstop
      // for jobs whose producer went away: a day for results, a week for failures.
      removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
    })
    return new ClusterPool(name, queue!, events!, redis, watch, jobs, kernels)
  }

  /**
   * reduce(kernel, n, args) across the nodes: jobs of `chunksize` indices,
   * each a partial, combined in job order (deterministic for a given
   * chunksize); the result has the engine's type for that kernel. Array
   * arguments larger than 64 KiB travel by reference: written to Redis once,
   * each job reads its slice.
   */
  reduce<K extends ReduceKernel>(kernel: K, n: number, args?: readonly (number | Numeric)[], options?: ClusterMapOptions): Promise<ReduceResult<K>>
  reduce(kernel: string, n: number, args?: readonly (number | Numeric)[], options?: ClusterMapOptions): Promise<ClusterReduceResult>
  reduce(kernel: string, n: number, args: readonly (number | Numeric)[] = [], options: ClusterMapOptions = {}): Promise<ClusterReduceResult> {
    return this.track(async () => {
      const run = this.mapOptions('reduce', options)
      const spec = this.kernels.reduction(kernel)
      if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw rangeError('n', 'an integer in [0, 2^31)', n)
      if (!Array.isArray(args) || args.length !== spec.params.length) throw typeError(`args of ${kernel}`, `${spec.params.length} arguments`, args)
      const pointers = spec.params.filter(isPointer)
      const arrays = args.filter((a): a is Numeric => ArrayBuffer.isView(a))
      for (const [i, array] of arrays.entries()) {
        if (array.length < n) throw rangeError(`${kernel} argument ${pointers[i]!.name}`, `at least n = ${n} elements`, array.length)
      }
      const scalars = args.filter((a): a is number => typeof a === 'number')
      const size = jobSize(run.chunk, n)
      const partials: (readonly number[])[] = []
      let done = 0
      await this.withData(kernel, arrays, run, (slicers, signal) => {
        const jobs: ClusterJob[] = []
        for (let begin = 0; begin < n; begin += size) {
          const end = Math.min(n, begin + size)
          jobs.push({ kind: 'reduce', kernel, begin, end, scalars, arrays: slicers.map((slice) => slice(begin, end)) })
        }
        return this.jobs.run(jobs, {
          onResult: (index, result) => {
            partials[index] = (result as { lanes: readonly number[] }).lanes
            done += Math.min(n, (index + 1) * size) - index * size
            run.onProgress?.(done, n)
          },
        }, signal)
      })
      // In job order, with the kernel's declared ops: deterministic for a given chunksize.
      return combinePartials(spec.reduce, partials) as ClusterReduceResult
    })
  }

  /**
   * Runs phased kernel `kernel` as one job on one node, on the node's whole
   * team (its engine.parallel, so threadCount() is the node's threads).
   * `args` are in the kernel's order: numbers, typed arrays of the kernel's
   * view types, and `perMember(Type, elements)` scratch made on the node.
   * Each array is copied to the node (by reference above 64 KiB, as reduce's
   * data); once the job is done, each one the kernel changed is copied back
   * into the caller's array, so afterwards the arrays hold what the kernel
   * left, as engine.parallel's views do (on a failure, none is touched).
   * A trap rejects with ClusterJobError naming the member; a kernel of
   * another kind is a TypeError naming its kind.
   */
  parallel(kernel: string, args: readonly (number | Numeric | PerMember)[] = [], options: ClusterParallelOptions = {}): Promise<void> {
    return this.track(async () => {
      this.assertRunning('parallel')
      const { signal, timeoutMs } = checkOptions(options, this.optionNames.apply, 'ClusterPool.parallel')
      const run = this.callOptions(signal, timeoutMs)
      const spec = this.kernels.phased(kernel)
      const { args: packed, arrays } = packParallelArgs(spec, args)
      const results = `sabre:data:${randomUUID()}`
      const types = arrayTypes(spec, packed)
      await this.withData(kernel, arrays, run, async (slicers, signal) => {
        let returned: readonly (Payload | null)[] = []
        await this.jobs.run([{
          kind: 'parallel', kernel, args: packed, arrays: arrays.map((array, i) => slicers[i]!(0, array.length)), results,
          ...(run.timeoutMs !== undefined && { timeoutMs: run.timeoutMs }),
        }], { onResult: (_index, result) => { returned = (result as { arrays: readonly (Payload | null)[] }).arrays } }, signal)
        // Read before withData deletes the keys the node wrote them under.
        copyBack(arrays, await this.watch.guard(Promise.all(returned.map((payload, i) => payload && loadPayload(this.redis, payload, types[i])))))
      }, arrays.map((_, i) => `${results}.${i}`))
    })
  }

  /**
   * No more calls (one made after it throws StateError); those already made
   * finish. Resolves once they have and the pool has let go of Redis: its
   * data keys and finished jobs removed, its connection closed. Worker nodes
   * keep serving the queue. With Redis unreachable, gives the clean-up at
   * most connectTimeoutMs, then disconnects (what it leaves expires).
   */
  override close(): Promise<void> {
    super.close()
    return this.release()
  }

  /**
   * Stops now: pending calls reject with AbortError, their jobs not yet taken
   * are withdrawn from the queue (those a node is running finish there, their
   * results dropped). Resolves once the pool has let go of Redis, as close().
   */
  override terminate(): Promise<void> {
    super.terminate()
    return this.release()
  }

  /** Waits for every call made to settle and the connection to close. Call close() or terminate() first, as in Python. */
  override async join(): Promise<void> {
    await super.join()
    await this.releasing
  }

  /** @internal ClusterExecutor.submit: apply, with `onTaken` called when a node takes the job. */
  submitCall(kernel: string, args: readonly number[], options: { signal: AbortSignal; timeoutMs?: number }, onTaken: () => void): Promise<number> {
    this.assertRunning('apply')
    const checked = this.callOptions(options.signal, options.timeoutMs)
    return this.track(() => this.call(kernel, args, checked, onTaken))
  }

  protected async runMap(kernel: string, items: ArrayLike<number | ArrayLike<number>>, options: RunMapOptions<number>): Promise<number[]> {
    const spec = this.kernels.item(kernel)
    // The same checks as a local map, here at the producer: a bad item fails the call before any job is queued.
    const tuples = options.tuples === true
    const flat = packItems(spec, items, tuples)
    const arity = spec.params.length
    const total = flat.length / arity
    const size = jobSize(options.chunk, total)
    const results = new Array<number>(total)
    // Items done, counted once per job whatever order its progress and result events come in.
    const progress = new Array<number>(Math.ceil(total / size)).fill(0)
    let done = 0
    const advance = (index: number, itemsDone: number): void => {
      if (itemsDone <= progress[index]!) return
      done += itemsDone - progress[index]!
      progress[index] = itemsDone
      options.onProgress?.(done, total)
    }
    await this.withData(kernel, [flat], options, ([slice], signal) => {
      const jobs: ClusterJob[] = []
      for (let begin = 0; begin < total; begin += size) {
        const end = Math.min(total, begin + size)
        jobs.push({ kind: 'map', kernel, offset: begin, items: slice!(begin * arity, end * arity), arity, tuples })
      }
      return this.jobs.run(jobs, {
        onResult: (index, result) => {
          const values = (result as { results: number[] }).results
          for (let i = 0; i < values.length; i++) results[index * size + i] = values[i]!
          options.onChunk?.(index * size, index * size + values.length, values)
          advance(index, values.length)
        },
        onProgress: advance,
      }, signal)
    })
    return results
  }

  protected runOne(kernel: string, args: readonly unknown[], options: RunOneOptions): Promise<number> {
    return this.call(kernel, args, options)
  }

  /** One job, kernel(...args), on some node. */
  private async call(kernel: string, args: readonly unknown[], options: RunOneOptions, onTaken?: () => void): Promise<number> {
    const spec = this.kernels.item(kernel)
    if (args.length !== spec.params.length || args.some((a) => typeof a !== 'number')) {
      throw typeError(`args of ${kernel}`, `${spec.params.length} numbers`, args)
    }
    let value = NaN
    await this.withData(kernel, [], options, (_, signal) => this.jobs.run([{ kind: 'call', kernel, args: args as number[] }], {
      onResult: (_index, result) => { value = (result as { value: number }).value },
      ...(onTaken && { onTaken }),
    }, signal))
    return value
  }

  /**
   * Runs a call's jobs (`body`): its arrays stored first (large ones in Redis,
   * see payloads.ts), its signal bounded by timeoutMs, its data deleted after,
   * with `resultKeys` (where nodes may write results).
   */
  private async withData(kernel: string, arrays: readonly Numeric[], options: RunOneOptions,
    body: (slicers: ((begin: number, end: number) => Payload)[], signal: AbortSignal) => Promise<void>, resultKeys: readonly string[] = []): Promise<void> {
    if (this.watch.state === 'lost') throw this.watch.lostError()
    const { signal, clear } = deadline(options.signal, options.timeoutMs, kernel)
    const keys = [...arrays.map(() => `sabre:data:${randomUUID()}`), ...resultKeys]
    for (const key of resultKeys) this.dataKeys.add(key)
    try {
      const slicers = await Promise.all(arrays.map((array, i) => this.store(keys[i]!, array)))
      await body(slicers, signal)
    } finally {
      clear()
      for (const key of keys) this.dataKeys.delete(key)
      // In the background: a call does not wait on Redis after its result is in (close() does).
      if (keys.length > 0) this.jobs.background(() => this.redis.del(...keys))
    }
  }

  /** storeArray, remembering the key for close(), a day to live if this producer dies. */
  private async store(key: string, data: Numeric): Promise<(begin: number, end: number) => Payload> {
    this.dataKeys.add(key)
    return this.watch.guard(storeArray(this.redis, key, data, DATA_TTL_SECONDS))
  }

  /** Once every call has settled: background work finished, data keys deleted, the connection closed. Runs once. */
  private release(): Promise<void> {
    this.releasing ??= (async () => {
      await super.join()
      const cleanUp = async (): Promise<void> => {
        await this.jobs.stop()
        if (this.dataKeys.size > 0) await this.redis.del(...this.dataKeys)
      }
      if (this.watch.state === 'up') await settleWithin(cleanUp(), this.watch.timeoutMs)
      else void this.jobs.stop()
      this.watch.close()
      await shutDown(this.queue, this.events, this.redis, this.watch.timeoutMs)
    })()
    return this.releasing
  }
}

/** Items per job: `chunksize`, or by default total / 32 in [1, 10 000] (the number of nodes is not known here). */
const jobSize = (chunksize: number | undefined, total: number): number => chunksize ?? Math.min(10_000, Math.max(1, Math.ceil(total / 32)))

/** `signal`, also aborted after `timeoutMs` with a TimeoutError naming the call; `clear` stops the clock. */
function deadline(signal: AbortSignal, timeoutMs: number | undefined, kernel: string): { signal: AbortSignal; clear: () => void } {
  if (timeoutMs === undefined) return { signal, clear: () => {} }
  const clock = new AbortController()
  const timer = setTimeout(() => clock.abort(new TimeoutError(`${kernel} did not finish within ${timeoutMs} ms on the cluster; ` +
    'its jobs not yet taken were withdrawn from the queue, those running finish there and their results are dropped')), timeoutMs)
  return { signal: AbortSignal.any([signal, clock.signal]), clear: () => clearTimeout(timer) }
}

/**
 * Closes a producer's queue and event listener, then its client. BullMQ's
 * close waits for Redis replies (forever, while Redis is away: measured),
 * so it is waited for at most `ms`, and not at all when the connection is down;
 * started, it has already stopped the listener's reconnecting.
 */
async function shutDown(queue: Queue | undefined, events: QueueEvents | undefined, redis: Redis, ms: number): Promise<void> {
  const closing = Promise.allSettled([events?.close(), queue?.close()])
  if (redis.status === 'ready') await settleWithin(closing, ms)
  redis.disconnect()
}
