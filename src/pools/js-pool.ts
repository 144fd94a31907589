// JsPool: the Pool API for plain JavaScript functions exported by a module
// file, for tasks that are not wasm kernels. Its workers import the module;
// chunks of items travel as messages (structured clone), one chunk in flight
// per worker plus one queued, so workers never wait for the main thread. A
// call that outlives its timeoutMs has its workers replaced: ending a thread
// is the only way to stop a JS function.

import { jsPoolWorkerUrl } from '../platform/assets.js'
import { AbortError, checkOptions, describe, rangeError, TaskError, TimeoutError, typeError, WorkerError } from '../errors.js'
import { cores } from '../platform/platform.js'
import { checkTimeoutMs, raceTimeout } from '../timeout.js'
import { PoolBase, type RunMapOptions, type RunOneOptions } from './pool-base.js'
import { defaultChunksize } from '../engine/items.js'
import type { JsPoolWorkerApi } from './js-pool-worker.js'
import { spawnThread, type ThreadHandle } from '../worker/spawn.js'

/** Chunks sent to a worker ahead of its answer: hides one message round trip. */
const IN_FLIGHT = 2

/** Options of JsPool.start. */
export interface JsPoolOptions {
  /** Worker threads (default: available parallelism, as Engine.start and Python's Pool). */
  readonly threads?: number
  /** Limit for starting every worker and loading the module, in ms (default 10 000); also bounds a replacement's start. */
  readonly startTimeoutMs?: number
}

/** A worker's answer for one chunk: its results, or the results before the item that failed. */
type Answer = Awaited<ReturnType<JsPoolWorkerApi['run']>>
/** A chunk after a failing item, never sent. */
const SKIPPED = Symbol('skipped')

/** One map or apply: its chunks share its function, its signal and its time bound. */
interface Call {
  readonly fn: string
  readonly signal: AbortSignal
  /** The call has a timeoutMs: each of its chunks runs alone on its worker, so that ending the worker touches no other call. */
  readonly timed: boolean
}

interface Job {
  readonly call: Call
  readonly items: unknown[]
  readonly tuples: boolean
  readonly resolve: (answer: Answer | typeof SKIPPED) => void
  readonly reject: (error: unknown) => void
  /** True once the job is no longer needed (an earlier item failed). */
  readonly skip: () => boolean
}

/** One worker's place in the pool: its thread (none while a replacement starts) and the jobs sent to it. */
interface Slot {
  thread: ThreadHandle<JsPoolWorkerApi> | undefined
  readonly jobs: Set<Job>
}

/** A call's AbortError: the pool's own when it was terminated, else one naming the call, with the signal's reason as its cause. */
const abortError = (call: Call, when: string): AbortError => {
  const reason: unknown = call.signal.reason
  return reason instanceof AbortError ? reason : new AbortError(`${call.fn} was aborted ${when}`, { cause: reason })
}

/**
 * Where a module path points. A URL (or a string with a scheme: file:,
 * https:, data:) as it is; an absolute path as that file; a relative path
 * against the working directory in Node (as node:worker_threads' Worker
 * takes it), against the page in a browser: never against the caller's own
 * module, which a library cannot know (pass new URL('./tasks.js', import.meta.url)).
 */
function moduleUrl(module: unknown): URL {
  if (module instanceof URL) return module
  if (typeof module !== 'string' || module === '') throw typeError('module', 'a URL or a path of a JavaScript module', module)
  if (/^[a-z][a-z\d+.-]+:/i.test(module)) return new URL(module)
  // A path's %, # and ? are characters of its file name, not URL syntax.
  const escape = (path: string): string => path.replace(/%/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F')
  const cwd = (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.()
  const base = cwd !== undefined ? `file://${escape(cwd)}/` : (globalThis as { location?: { href: string } }).location?.href
  return new URL(escape(module), base)
}

export class JsPool extends PoolBase<string, unknown> {
  private readonly queue: Job[] = []
  private readonly slots: Slot[]
  /** Workers starting in place of timed-out ones; join() waits for them, to end them too. */
  private readonly replacing = new Set<Promise<void>>()
  /** Set when a replacement worker could not start: calls then reject with it. */
  private broken: WorkerError | undefined
  protected readonly optionNames = { map: ['chunksize', 'signal', 'timeoutMs'], apply: ['signal', 'timeoutMs'] } as const

  private constructor(threads: ThreadHandle<JsPoolWorkerApi>[], private readonly functions: readonly string[],
    private readonly url: URL, private readonly startTimeoutMs: number) {
    super()
    this.slots = threads.map((thread) => ({ thread, jobs: new Set<Job>() }))
  }

  /**
   * Starts `threads` workers (default: available parallelism) that import the
   * module at `module`: a URL, or a path (a relative one is relative to the
   * working directory, see docs/pools.md). Its exported functions become the
   * pool's tasks.
   */
  static async start(module: URL | string, options: JsPoolOptions = {}): Promise<JsPool> {
    const url = moduleUrl(module)
    const { threads = cores(), startTimeoutMs = 10_000 } = checkOptions(options, ['threads', 'startTimeoutMs'], 'JsPool.start')
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw rangeError('threads', 'an integer in [1, 256]', threads)
    checkTimeoutMs(startTimeoutMs, 'startTimeoutMs')
    const workers = await Promise.all(Array.from({ length: threads }, (_, i) => JsPool.spawn(i, startTimeoutMs)))
    try {
      const [functions] = await Promise.all(workers.map((worker) => worker.api.load(String(url))))
      return new JsPool(workers, functions!, url, startTimeoutMs)
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()))
      throw new TypeError(`JsPool cannot load ${String(url)}: ${(error as Error).message}`)
    }
  }

  /** Worker threads in the pool. */
  get threads(): number {
    return this.slots.length
  }

  private static spawn(index: number, startTimeoutMs: number): Promise<ThreadHandle<JsPoolWorkerApi>> {
    return spawnThread<JsPoolWorkerApi>(jsPoolWorkerUrl, `js pool worker ${index}`, { timeoutMs: startTimeoutMs })
  }

  /** Waits for submitted work, then ends the workers (as Python's join after close). */
  override async join(): Promise<void> {
    await super.join()
    while (this.replacing.size > 0) await Promise.all([...this.replacing])
    await Promise.all(this.slots.map((slot) => slot.thread?.terminate()))
  }

  /** Skips work not yet started and ends the workers at once, interrupting running calls. */
  override terminate(): void {
    super.terminate()
    // A call to a terminated worker never answers: settle everything here.
    for (const job of this.queue.splice(0)) job.reject(this.stop.signal.reason)
    for (const slot of this.slots) {
      for (const job of slot.jobs) job.reject(this.stop.signal.reason)
      slot.jobs.clear()
      void slot.thread?.terminate()
    }
  }

  protected runMap(fn: string, items: ArrayLike<unknown>, options: RunMapOptions<unknown>): Promise<unknown[]> {
    return this.runCall(fn, options, async (call) => {
      if (items === null || typeof items !== 'object' || typeof items.length !== 'number') throw typeError(`items for ${fn}`, 'an array of items', items)
      const list = Array.from(items)
      const chunk = options.chunk ?? defaultChunksize(list.length, this.slots.length)
      const results: unknown[] = new Array(list.length)
      // As Python's imap: every chunk before the first failing item runs, the
      // error names the lowest failing item whatever the timing, and chunks
      // after it that have not started are skipped.
      let failure: { error: TaskError; item: number; partial: unknown[] } | undefined
      const chunks: Promise<void>[] = []
      for (let begin = 0; begin < list.length; begin += chunk) {
        const end = Math.min(list.length, begin + chunk)
        const skip = (): boolean => failure !== undefined && failure.item < begin
        chunks.push(this.enqueue(call, list.slice(begin, end), options.tuples === true, skip).then((answer) => {
          if (answer === SKIPPED) return
          for (let i = 0; i < answer.results.length; i++) results[begin + i] = answer.results[i]
          if (!('failed' in answer)) return options.onChunk?.(begin, end, answer.results)
          const item = begin + answer.failed
          if (failure && failure.item < item) return
          failure = { error: new TaskError(`${fn} failed on item ${item} (${describe(list[item])}): ${answer.error}`, item), item, partial: answer.results }
        }))
      }
      const settled = await Promise.allSettled(chunks)
      if (failure) {
        const { partial, item, error } = failure
        if (partial.length > 0) options.onChunk?.(item - partial.length, item, partial)
        throw error
      }
      const rejected = settled.find((outcome) => outcome.status === 'rejected')
      if (rejected) throw rejected.reason
      return results
    })
  }

  protected runOne(fn: string, args: readonly unknown[], options: RunOneOptions): Promise<unknown> {
    return this.runCall(fn, options, async (call) => {
      const answer = await this.enqueue(call, [args], true)
      if (answer === SKIPPED) throw new Error('unreachable: a single call is never skipped')
      if ('failed' in answer) throw new TaskError(`${fn} failed on item 0 (${describe(args)}): ${answer.error}`, 0)
      return answer.results[0]
    })
  }

  /**
   * Runs `work` as one call of `fn`: it rejects with AbortError as soon as its
   * signal fires (its chunks not yet sent are skipped; those running finish,
   * their results dropped), or with TimeoutError once `timeoutMs` have passed
   * (its chunks are withdrawn and the workers running them replaced).
   */
  private async runCall<R>(fn: string, { signal, timeoutMs }: RunOneOptions, work: (call: Call) => Promise<R>): Promise<R> {
    this.checkFunction(fn)
    if (this.broken) throw new WorkerError(`${this.broken.message}; start a new pool`)
    const call: Call = { fn, signal, timed: timeoutMs !== undefined }
    if (signal.aborted) throw abortError(call, 'before it started')
    let timer: ReturnType<typeof setTimeout> | undefined
    let onAbort: (() => void) | undefined
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortError(call, 'while running; chunks not yet started were skipped'))
      signal.addEventListener('abort', onAbort, { once: true })
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const error = new TimeoutError(`${fn} did not finish within ${timeoutMs} ms; the workers running it were replaced`)
          this.expire(call, error)
          reject(error)
        }, timeoutMs)
      }
    })
    const running = work(call)
    running.catch(() => {}) // once the call was stopped, its work's outcome is nobody's
    try {
      return await Promise.race([running, stopped])
    } finally {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort!)
    }
  }

  private checkFunction(fn: unknown): void {
    if (typeof fn !== 'string' || !this.functions.includes(fn)) {
      throw rangeError('function', `one of the module's exported functions (${this.functions.join(', ')})`, fn)
    }
  }

  private enqueue(call: Call, items: unknown[], tuples: boolean, skip: () => boolean = () => false): Promise<Answer | typeof SKIPPED> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, items, tuples, resolve, reject, skip })
      this.pump()
    })
  }

  /**
   * Hands queued jobs, in order, to the least busy worker that takes them: up
   * to IN_FLIGHT each, but a timed call's job only to an idle worker, and
   * nothing more to a worker running one.
   */
  private pump(): void {
    while (this.queue.length > 0) {
      const job = this.queue[0]!
      if (job.call.signal.aborted || job.skip()) {
        this.queue.shift()
        if (job.call.signal.aborted) job.reject(abortError(job.call, 'before this chunk started'))
        else job.resolve(SKIPPED)
        continue
      }
      let slot: Slot | undefined
      for (const candidate of this.slots) {
        if (this.takes(candidate, job) && (!slot || candidate.jobs.size < slot.jobs.size)) slot = candidate
      }
      if (!slot) return
      this.queue.shift()
      this.send(slot, job)
    }
  }

  private takes(slot: Slot, job: Job): boolean {
    if (!slot.thread) return false
    if (job.call.timed) return slot.jobs.size === 0
    if (slot.jobs.size >= IN_FLIGHT) return false
    for (const other of slot.jobs) if (other.call.timed) return false
    return true
  }

  private send(slot: Slot, job: Job): void {
    slot.jobs.add(job)
    slot.thread!.api.run(job.call.fn, job.items, job.tuples).then(job.resolve, (error: unknown) => job.reject(this.terminated ? this.stop.signal.reason : error)).finally(() => {
      // Not in the slot any more: its worker was ended (terminate, or a timeout) and the job settled there.
      if (!slot.jobs.delete(job)) return
      if (!this.terminated) this.pump()
    })
  }

  /** `call`'s time is up: its queued jobs are withdrawn, and the workers running its jobs (which run nothing else) replaced. */
  private expire(call: Call, error: TimeoutError): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.call === call) this.queue.splice(i, 1)[0]!.reject(error)
    }
    for (const slot of this.slots) {
      const jobs = [...slot.jobs]
      if (!jobs.some((job) => job.call === call)) continue
      slot.jobs.clear()
      for (const job of jobs) job.reject(error)
      this.replace(slot)
    }
  }

  /** Ends `slot`'s worker (a JS function cannot be stopped any other way) and starts another that loads the same module. */
  private replace(slot: Slot): void {
    const old = slot.thread!
    slot.thread = undefined
    const index = this.slots.indexOf(slot)
    const replaced = (async () => {
      await old.terminate().catch(() => {})
      let thread: ThreadHandle<JsPoolWorkerApi> | undefined
      try {
        thread = await JsPool.spawn(index, this.startTimeoutMs)
        await raceTimeout(thread.api.load(String(this.url)), this.startTimeoutMs, () => new WorkerError(`it did not load ${String(this.url)} within ${this.startTimeoutMs} ms`))
      } catch (error) {
        await thread?.terminate().catch(() => {})
        this.broken ??= new WorkerError(`JsPool could not replace a timed-out worker: ${(error as Error).message}`)
        for (const job of this.queue.splice(0)) job.reject(this.broken)
        return
      }
      if (this.terminated) return void thread.terminate()
      slot.thread = thread
      this.pump()
    })()
    this.replacing.add(replaced)
    void replaced.finally(() => this.replacing.delete(replaced))
  }
}
