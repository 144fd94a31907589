// JsPool: the Pool API for plain JavaScript functions exported by a module
// file, for tasks that are not wasm kernels. Its workers import the module;
// chunks of items travel as messages (structured clone), one chunk in flight
// per worker plus one queued, so workers never wait for the main thread.

import { jsPoolWorkerUrl } from '../platform/assets.js'
import { checkOptions, describe, rangeError, TaskError, typeError } from '../errors.js'
import { PoolBase, type RunMapOptions, type RunOneOptions } from './pool-base.js'
import { defaultChunksize } from '../engine/items.js'
import type { JsPoolWorkerApi } from './js-pool-worker.js'
import { spawnThread, type ThreadHandle } from '../worker/spawn.js'

/** Chunks sent to a worker ahead of its answer: hides one message round trip. */
const IN_FLIGHT = 2

/** Options of JsPool.start. */
export interface JsPoolOptions {
  /** Worker threads (default 2). */
  readonly threads?: number
  /** Limit for starting every worker and loading the module, in ms (default 10 000). */
  readonly startTimeoutMs?: number
}

/** A worker's answer for one chunk: its results, or the results before the item that failed. */
type Answer = Awaited<ReturnType<JsPoolWorkerApi['run']>>
/** A chunk after a failing item, never sent. */
const SKIPPED = Symbol('skipped')

interface Job {
  readonly fn: string
  readonly items: unknown[]
  readonly tuples: boolean
  readonly signal: AbortSignal
  readonly resolve: (answer: Answer | typeof SKIPPED) => void
  readonly reject: (error: unknown) => void
  /** True once the job is no longer needed (an earlier item failed). */
  readonly skip: () => boolean
}



export class JsPool extends PoolBase<string, unknown> {
  private readonly queue: Job[] = []
  private readonly inFlight = new Set<Job>()
  private readonly busy: number[]
  // No timeoutMs: a JS function cannot be stopped short of ending its worker (see docs/pools.md).
  protected readonly optionNames = { map: ['chunksize', 'signal'], apply: ['signal'] } as const

  private constructor(private readonly workers: ThreadHandle<JsPoolWorkerApi>[], private readonly functions: readonly string[]) {
    super()
    this.busy = workers.map(() => 0)
  }

  /**
   * Starts `threads` workers that import the module at `module` (a URL or
   * absolute path; its exported functions become the pool's tasks).
   */
  static async start(module: URL | string, options: JsPoolOptions = {}): Promise<JsPool> {
    const url = typeof module === 'string' && !/^[a-z]+:/.test(module) ? new URL(`file://${module}`) : module
    if (!(url instanceof URL) && typeof url !== 'string') throw typeError('module', 'a URL or path of a JavaScript module', module)
    const { threads = 2, startTimeoutMs = 10_000 } = checkOptions(options, ['threads', 'startTimeoutMs'], 'JsPool.start')
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw rangeError('threads', 'an integer in [1, 256]', threads)
    const workers = await Promise.all(Array.from({ length: threads }, (_, i) => spawnThread<JsPoolWorkerApi>(jsPoolWorkerUrl, `js pool worker ${i}`, { timeoutMs: startTimeoutMs })))
    try {
      const [functions] = await Promise.all(workers.map((worker) => worker.api.load(String(url))))
      return new JsPool(workers, functions!)
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()))
      throw new TypeError(`JsPool cannot load ${String(url)}: ${(error as Error).message}`)
    }
  }

  /** Waits for submitted work, then ends the workers (as Python's join after close). */
  override async join(): Promise<void> {
    await super.join()
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  /** Skips work not yet started and ends the workers at once, interrupting running calls. */
  override terminate(): void {
    super.terminate()
    // A call to a terminated worker never answers: settle everything here.
    for (const job of [...this.queue.splice(0), ...this.inFlight]) job.reject(this.stop.signal.reason)
    this.inFlight.clear()
    void Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  protected async runMap(fn: string, items: ArrayLike<unknown>, options: RunMapOptions<unknown>): Promise<unknown[]> {
    this.checkFunction(fn)
    if (items === null || typeof items !== 'object' || typeof items.length !== 'number') throw typeError(`items for ${fn}`, 'an array of items', items)
    const list = Array.from(items)
    const chunk = options.chunk ?? defaultChunksize(list.length, this.workers.length)
    const results: unknown[] = new Array(list.length)
    // As Python's imap: every chunk before the first failing item runs, the
    // error names the lowest failing item whatever the timing, and chunks
    // after it that have not started are skipped.
    let failure: { error: TaskError; item: number; partial: unknown[] } | undefined
    const chunks: Promise<void>[] = []
    for (let begin = 0; begin < list.length; begin += chunk) {
      const end = Math.min(list.length, begin + chunk)
      const skip = (): boolean => failure !== undefined && failure.item < begin
      chunks.push(this.enqueue(fn, list.slice(begin, end), options.tuples === true, options.signal, skip).then((answer) => {
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
  }

  protected async runOne(fn: string, args: readonly unknown[], { signal }: RunOneOptions): Promise<unknown> {
    this.checkFunction(fn)
    const answer = await this.enqueue(fn, [args], true, signal)
    if (answer === SKIPPED) throw new Error('unreachable: a single call is never skipped')
    if ('failed' in answer) throw new TaskError(`${fn} failed on item 0 (${describe(args)}): ${answer.error}`, 0)
    return answer.results[0]
  }

  private checkFunction(fn: unknown): void {
    if (typeof fn !== 'string' || !this.functions.includes(fn)) {
      throw rangeError('function', `one of the module's exported functions (${this.functions.join(', ')})`, fn)
    }
  }

  private enqueue(fn: string, items: unknown[], tuples: boolean, signal: AbortSignal, skip: () => boolean = () => false): Promise<Answer | typeof SKIPPED> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      this.queue.push({ fn, items, tuples, signal, resolve, reject, skip })
      this.pump()
    })
  }

  /** Hands queued jobs to workers with room, up to IN_FLIGHT each. */
  private pump(): void {
    for (let w = 0; w < this.workers.length && this.queue.length > 0; w++) {
      while (this.busy[w]! < IN_FLIGHT && this.queue.length > 0) {
        const job = this.queue.shift()!
        if (job.signal.aborted) {
          job.reject(job.signal.reason)
          continue
        }
        if (job.skip()) {
          job.resolve(SKIPPED)
          continue
        }
        this.busy[w]!++
        this.inFlight.add(job)
        this.workers[w]!.api.run(job.fn, job.items, job.tuples).then(job.resolve, (error: unknown) => job.reject(this.terminated ? this.stop.signal.reason : error)).finally(() => {
          this.inFlight.delete(job)
          this.busy[w]!--
          if (!this.terminated) this.pump()
        })
      }
    }
  }
}
