// The producing side: ClusterPool splits a map (or a reduce) into BullMQ jobs
// of `jobSize` items, waits for their results through QueueEvents, and puts
// them back in order. The same semantics as Pool: map and starmap resolve in
// input order, imap streams in input order, imapUnordered in completion order;
// a reduce combines per-job partials in job order, so it is deterministic.

import { randomUUID } from 'node:crypto'
import type { JobsOptions, Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import { AbortError, ClusterJobError, checkOptions, optionsObject, rangeError, typeError } from '../errors.js'
import { isPointer } from '../kernels/vocabulary.js'
import type { DescriptionFile, KernelModule } from '../kernels/description.js'
import { packItems } from '../engine/items.js'
import { AsyncResult } from '../pools/pool-base.js'
import { orderedStream, unorderedStream, type StreamedMapOptions } from '../pools/streams.js'
import { openClient, redisTarget, type RedisConnection } from './connection.js'
import { ConnectionWatch, settleWithin } from './connection-watch.js'
import { INLINE_LIMIT_BYTES, JOB_NAME, type ClusterJob, type JobResult, type Payload } from './jobs.js'
import { ClusterKernels, combinePartials } from './cluster-kernels.js'
import { loadQueueLibraries } from './optional-peers.js'
import { storeArray } from './payloads.js'

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

export interface ClusterMapOptions {
  /** Items per job (default: items / 32, at least 1, at most 10 000). */
  readonly jobSize?: number
  /** Called as items complete: items done so far, and the total. */
  readonly onProgress?: (done: number, total: number) => void
}

/** The keys a producer may leave behind besides BullMQ's own queue bookkeeping: one list per queue. */
export const deadLetterKey = (queue: string): string => `sabre:${queue}:dead-letter`

interface Run {
  readonly jobs: number
  readonly signal?: AbortSignal
  readonly onResult: (index: number, result: JobResult) => void
  readonly onProgress: (index: number, done: number) => void
  readonly fail: (error: Error) => void
}

type Reduced = number | { min: number; max: number } | number[]

export class ClusterPool {
  /** Jobs that completed, and completions seen twice (ignored: each job counts once). */
  readonly stats = { jobs: 0, completed: 0, duplicates: 0, deadLettered: 0 }
  private readonly runs = new Map<string, { run: Run; index: number; done: boolean }>()
  private readonly cleanup = new Set<Promise<unknown>>()
  private readonly dataKeys = new Set<string>()
  /** Jobs of runs that ended early (failed, aborted): removed when they finish. */
  private readonly abandoned = new Set<string>()
  private readonly pendingRuns = new Set<Run>()
  private poller: ReturnType<typeof setInterval> | undefined
  private closed = false

  private constructor(
    readonly queueName: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    /** Shared with `queue`: its state is the producer's connection state. */
    private readonly redis: Redis,
    private readonly watch: ConnectionWatch,
    private readonly jobOptions: JobsOptions,
    /** The kernels calls are checked against: the built-in catalog or options.module's. */
    readonly kernels: ClusterKernels,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.completed(jobId, returnvalue as unknown as JobResult))
    events.on('failed', ({ jobId, failedReason }) => void this.failed(jobId, failedReason))
    events.on('progress', ({ jobId, data }) => {
      const entry = this.runs.get(jobId)
      if (entry && !entry.done && typeof data === 'number') entry.run.onProgress(entry.index, data)
    })
    // Events are a capped Redis stream: a producer that fell behind could miss
    // one. Every 2 s, ask about jobs still pending, so none waits forever.
    this.poller = setInterval(() => void this.poll(), 2000)
    this.poller.unref()
  }

  /**
   * Connects to Redis and the queue. Rejects with ClusterConnectionError
   * (naming the URL) when Redis is not reachable within `connectTimeoutMs`,
   * and with Error naming `npm install bullmq ioredis` when those optional
   * packages are missing.
   */
  static async connect(options: ClusterOptions): Promise<ClusterPool> {
    optionsObject(options, '{ redis, queue?, attempts?, backoffMs?, connectTimeoutMs?, module? }')
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
    let pool: ClusterPool | undefined
    // A connection down for longer than connectTimeoutMs fails every call waiting on it.
    const watch = new ConnectionWatch(redis, target.label, connectTimeoutMs, {
      onLost: (error) => { for (const run of pool?.pendingRuns ?? []) run.fail(error) },
    })
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
    return pool = new ClusterPool(name, queue!, events!, redis, watch, {
      attempts, backoff: { type: 'exponential', delay: backoffMs },
      // Kept until this producer has read them (then removed), with an age as the backstop
      // for jobs whose producer went away: a day for results, a week for failures.
      removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
    }, kernels)
  }

  /** kernel(item) for every item, in input order. */
  async map(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: ClusterMapOptions = {}): Promise<number[]> {
    const results: number[] = new Array((items as ArrayLike<unknown>).length)
    await this.runMap(kernel, items, false, options, (begin, values) => {
      for (let i = 0; i < values.length; i++) results[begin + i] = values[i]!
    })
    return results
  }

  /** kernel(...tuple) for every tuple, in input order. */
  async starmap(kernel: string, tuples: ArrayLike<ArrayLike<number>>, options: ClusterMapOptions = {}): Promise<number[]> {
    const results: number[] = new Array(tuples.length)
    await this.runMap(kernel, tuples, true, options, (begin, values) => {
      for (let i = 0; i < values.length; i++) results[begin + i] = values[i]!
    })
    return results
  }

  /** Results in input order, as the jobs complete. */
  imap(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: ClusterMapOptions = {}): AsyncIterableIterator<number> {
    return orderedStream<number>((o) => this.streamed(kernel, items, options, o))
  }

  /** Results in the order jobs complete. */
  imapUnordered(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: ClusterMapOptions = {}): AsyncIterableIterator<number> {
    return unorderedStream<number>((o) => this.streamed(kernel, items, options, o))
  }

  /**
   * reduce(kernel, n, args) across the nodes: jobs of `jobSize` indices, each
   * a partial, combined in job order (deterministic for a given jobSize).
   * Array arguments larger than 64 KiB travel by reference: written to Redis
   * once, each job reads its slice.
   */
  async reduce(kernel: string, n: number, args: readonly (number | Float64Array | Uint32Array)[] = [], options: { jobSize?: number } = {}): Promise<Reduced> {
    const spec = this.kernels.reduction(kernel)
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw rangeError('n', 'an integer in [0, 2^31)', n)
    if (!Array.isArray(args) || args.length !== spec.params.length) throw typeError(`args of ${kernel}`, `${spec.params.length} arguments`, args)
    const pointers = spec.params.filter(isPointer)
    const arrays = args.filter((a): a is Float64Array | Uint32Array => ArrayBuffer.isView(a))
    for (const [i, array] of arrays.entries()) {
      if (array.length < n) throw rangeError(`${kernel} argument ${pointers[i]!.name}`, `at least n = ${n} elements`, array.length)
    }
    const scalars = args.filter((a): a is number => typeof a === 'number')
    const jobSize = this.jobSize(options.jobSize, n)
    const keys = arrays.map(() => `sabre:data:${randomUUID()}`)
    try {
      const slicers = await Promise.all(arrays.map((array, i) => this.store(keys[i]!, array)))
      const partials: (readonly number[])[] = []
      const jobs: ClusterJob[] = []
      for (let begin = 0; begin < n; begin += jobSize) {
        const end = Math.min(n, begin + jobSize)
        jobs.push({ kind: 'reduce', kernel, begin, end, scalars, arrays: slicers.map((slice) => slice(begin, end)) })
      }
      await this.runJobs(jobs, { onResult: (index, result) => { partials[index] = (result as { lanes: readonly number[] }).lanes } })
      // In job order, with the kernel's declared ops: deterministic for a given jobSize.
      return combinePartials(spec.reduce, partials) as Reduced
    } finally {
      this.dropData(keys)
    }
  }

  /** One call on some node: kernel(...args). */
  async apply(kernel: string, args: readonly number[] = []): Promise<number> {
    const spec = this.kernels.item(kernel)
    if (!Array.isArray(args) || args.length !== spec.params.length || args.some((a) => typeof a !== 'number')) {
      throw typeError(`args of ${kernel}`, `${spec.params.length} numbers`, args)
    }
    let value = NaN
    await this.runJobs([{ kind: 'call', kernel, args }], { onResult: (_, result) => { value = (result as { value: number }).value } })
    return value
  }

  /**
   * One call, as apply; returns at once with Pool's AsyncResult. `callback`
   * and `errorCallback` only observe the outcome (a ClusterJobError, say).
   */
  applyAsync(kernel: string, args: readonly number[] = [], options: { callback?: (value: number) => void; errorCallback?: (error: unknown) => void } = {}): AsyncResult<number> {
    const { callback, errorCallback } = checkOptions(options, ['callback', 'errorCallback'], 'ClusterPool.applyAsync')
    if (callback !== undefined && typeof callback !== 'function') throw typeError('callback', 'a function', callback)
    if (errorCallback !== undefined && typeof errorCallback !== 'function') throw typeError('errorCallback', 'a function', errorCallback)
    const promise = this.apply(kernel, args)
    promise.then((value) => callback?.(value), (error: unknown) => errorCallback?.(error)).catch(() => {})
    return new AsyncResult(promise)
  }

  /**
   * Stops listening, removes this producer's data keys and finished jobs;
   * worker nodes keep serving the queue. With Redis unreachable, gives the
   * clean-up at most connectTimeoutMs, then disconnects (what it leaves expires).
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const run of this.pendingRuns) run.fail(new TypeError('the ClusterPool was closed while this call was waiting for its jobs'))
    clearInterval(this.poller)
    const cleanUp = async (): Promise<void> => {
      await Promise.allSettled(this.cleanup)
      if (this.dataKeys.size > 0) await this.redis.del(...this.dataKeys)
    }
    if (this.watch.state === 'up') await settleWithin(cleanUp(), this.watch.timeoutMs)
    this.watch.close()
    await shutDown(this.queue, this.events, this.redis, this.watch.timeoutMs)
  }

  private jobSize(jobSize: unknown, total: number): number {
    if (jobSize === undefined) return Math.min(10_000, Math.max(1, Math.ceil(total / 32)))
    if (!Number.isInteger(jobSize) || (jobSize as number) < 1) throw rangeError('jobSize', 'an integer >= 1', jobSize)
    return jobSize as number
  }

  private streamed(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: ClusterMapOptions, stream: StreamedMapOptions<number>): Promise<void> {
    return this.runMap(kernel, items, false, options, (begin, values) => stream.onChunk(begin, begin + values.length, values), stream.signal)
  }

  private async runMap(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, tuples: boolean, options: ClusterMapOptions,
    onJob: (begin: number, values: readonly number[]) => void, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new TypeError('ClusterPool.map called after close()')
    const spec = this.kernels.item(kernel)
    optionsObject(options, '{ jobSize?, onProgress? }')
    // The same checks as a local map, here at the producer: a bad item fails the call before any job is queued.
    const flat = packItems(spec, items, tuples)
    const arity = spec.params.length
    const total = flat.length / arity
    const jobSize = this.jobSize(options.jobSize, total)
    const key = `sabre:data:${randomUUID()}`
    try {
      const slice = await this.store(key, flat)
      const jobs: ClusterJob[] = []
      for (let begin = 0; begin < total; begin += jobSize) {
        const end = Math.min(total, begin + jobSize)
        jobs.push({ kind: 'map', kernel, offset: begin, items: slice(begin * arity, end * arity) as Payload, arity, tuples })
      }
      await this.runJobs(jobs, this.mapHandlers(jobs.length, total, jobSize, options, onJob), signal)
    } finally {
      this.dropData([key])
    }
  }

  /** Results and progress of a map's jobs: items done counted once per job, whatever order events come in. */
  private mapHandlers(jobs: number, total: number, jobSize: number, options: ClusterMapOptions, onJob: (begin: number, values: readonly number[]) => void) {
    const progress = new Array<number>(jobs).fill(0)
    const sizeOf = (index: number): number => Math.min(total, (index + 1) * jobSize) - index * jobSize
    let done = 0
    return {
      onResult: (index: number, result: JobResult) => {
        done += sizeOf(index) - progress[index]!
        progress[index] = sizeOf(index)
        onJob(index * jobSize, (result as { results: number[] }).results)
        options.onProgress?.(done, total)
      },
      onProgress: (index: number, itemsDone: number) => {
        if (itemsDone <= progress[index]!) return
        done += itemsDone - progress[index]!
        progress[index] = itemsDone
        options.onProgress?.(done, total)
      },
    }
  }

  /** storeArray, remembering the key for close() and giving it a day to live if this producer dies. */
  private async store(key: string, data: Float64Array | Uint32Array): Promise<(begin: number, end: number) => Payload> {
    this.dataKeys.add(key)
    const slicer = await this.watch.guard(storeArray(this.redis, key, data))
    if (data.byteLength > INLINE_LIMIT_BYTES) await this.watch.guard(this.redis.expire(key, 24 * 3600))
    return slicer
  }

  /** Deletes a call's data keys in the background: a call does not wait on Redis after its result is in (close() does). */
  private dropData(keys: readonly string[]): void {
    for (const key of keys) this.dataKeys.delete(key)
    if (keys.length > 0 && !this.closed) this.track(this.redis.del(...keys).catch(() => 0))
  }

  /** Adds `jobs`, resolves when every one has completed (or rejects on the first that failed for good). */
  private async runJobs(jobs: readonly ClusterJob[], handlers: { onResult: Run['onResult']; onProgress?: Run['onProgress'] }, signal?: AbortSignal): Promise<void> {
    if (jobs.length === 0) return
    if (this.closed) throw new TypeError('the ClusterPool is closed')
    if (this.watch.state === 'lost') throw this.watch.lostError()
    const runId = randomUUID()
    let left = jobs.length
    let run: Run | undefined
    const onAbort = (): void => run?.fail(new AbortError('the cluster call was aborted; its queued jobs are withdrawn'))
    await new Promise<void>((resolve, reject) => {
      // A callback that throws (a user's onProgress) fails the call; it must not stop the count.
      const guarded = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A): void => {
        try {
          handler(...args)
        } catch (error) {
          reject(error)
        }
      }
      const onResult = guarded(handlers.onResult)
      run = {
        jobs: jobs.length,
        onResult: (index, result) => {
          onResult(index, result)
          if (--left === 0) resolve()
        },
        onProgress: guarded(handlers.onProgress ?? (() => {})),
        fail: reject,
      }
      this.pendingRuns.add(run)
      signal?.addEventListener('abort', onAbort, { once: true })
      if (signal?.aborted) onAbort()
      jobs.forEach((_, index) => this.runs.set(`${runId}.${index}`, { run: run!, index, done: false }))
      this.stats.jobs += jobs.length
      this.queue.addBulk(jobs.map((data, index) => ({
        name: JOB_NAME[data.kind], data, opts: { ...this.jobOptions, jobId: `${runId}.${index}` },
      }))).catch(reject)
    }).finally(() => {
      if (run) this.pendingRuns.delete(run)
      signal?.removeEventListener('abort', onAbort)
      for (let index = 0; index < jobs.length; index++) {
        const id = `${runId}.${index}`
        const entry = this.runs.get(id)
        this.runs.delete(id)
        if (entry && !entry.done) this.abandon(id)
      }
    })
  }

  /** Withdraws a job of a run that ended early: removed now if it waits, or when it finishes (a running job is locked). */
  private abandon(id: string): void {
    if (this.closed) return
    this.abandoned.add(id)
    this.track(this.queue.remove(id).then((removed) => { if (removed) this.abandoned.delete(id) }, () => 0))
  }

  private completed(jobId: string, result: JobResult): void {
    const entry = this.runs.get(jobId)
    if (!entry) {
      if (this.abandoned.delete(jobId) && !this.closed) this.track(this.queue.remove(jobId).catch(() => 0))
      return
    }
    if (entry.done) {
      this.stats.duplicates++
      return
    }
    entry.done = true
    this.stats.completed++
    // Completed jobs stay in Redis only until their result is here.
    this.track(this.queue.remove(jobId).catch(() => 0))
    entry.run.onResult(entry.index, result)
  }

  private async failed(jobId: string, reason: string): Promise<void> {
    const entry = this.runs.get(jobId)
    if (!entry) {
      if (this.abandoned.delete(jobId) && !this.closed) this.track(this.queue.remove(jobId).catch(() => 0))
      return
    }
    if (entry.done) return
    entry.done = true
    this.stats.deadLettered++
    const record = JSON.stringify({ jobId, job: entry.index, reason, at: new Date().toISOString() })
    // The record is the dead letter; the failed job itself is removed.
    this.track(this.redis.rpush(deadLetterKey(this.queueName), record).then(() => this.queue.remove(jobId)))
    entry.run.fail(new ClusterJobError(`job ${entry.index} failed: ${reason}`, entry.index))
  }

  /** Outcomes of pending jobs whose completion or failure event this producer missed. */
  private async poll(): Promise<void> {
    const pending = [...this.runs.entries()].filter(([, entry]) => !entry.done).slice(0, 200)
    for (const [id] of pending) {
      const job = await this.queue.getJob(id).catch(() => undefined)
      if (!job?.finishedOn) continue
      if (job.returnvalue) this.completed(id, job.returnvalue as JobResult)
      else if (job.failedReason && (await job.getState().catch(() => '')) === 'failed') void this.failed(id, job.failedReason)
    }
  }

  private track(promise: Promise<unknown>): void {
    this.cleanup.add(promise)
    void promise.finally(() => this.cleanup.delete(promise))
  }
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
