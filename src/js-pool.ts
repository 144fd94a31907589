// JsPool: the Pool API for plain JavaScript functions exported by a module
// file, for tasks that are not wasm kernels. Its workers import the module;
// chunks of items travel as messages (structured clone), one chunk in flight
// per worker plus one queued, so workers never wait for the main thread.

import { jsPoolWorkerUrl } from './assets.js'
import { describe, optionsObject, rangeError, typeError } from './errors.js'
import { PoolBase, type RunMapOptions } from './pool-base.js'
import { defaultChunksize } from './tasks/items.js'
import type { JsPoolWorkerApi } from './js-pool-worker.js'
import { spawnThread, type ThreadHandle } from './worker/spawn.js'

/** Chunks sent to a worker ahead of its answer: hides one message round trip. */
const IN_FLIGHT = 2

interface Job {
  readonly fn: string
  readonly items: unknown[]
  readonly tuples: boolean
  readonly signal: AbortSignal
  readonly resolve: (results: unknown[]) => void
  readonly reject: (error: unknown) => void
  /** The index of the job's first item, for error messages. */
  readonly offset: number
}

/** A function in a JsPool's module failed on an item. */
export class TaskError extends Error {
  override name = 'TaskError'
}

export class JsPool extends PoolBase<string, unknown> {
  private readonly queue: Job[] = []
  private readonly inFlight = new Set<Job>()
  private readonly busy: number[]

  private constructor(private readonly workers: ThreadHandle<JsPoolWorkerApi>[], private readonly functions: readonly string[]) {
    super()
    this.busy = workers.map(() => 0)
  }

  /**
   * Starts `threads` workers that import the module at `module` (a URL or
   * absolute path; its exported functions become the pool's tasks).
   */
  static async start(module: URL | string, options: { threads?: number; startTimeoutMs?: number } = {}): Promise<JsPool> {
    const url = typeof module === 'string' && !/^[a-z]+:/.test(module) ? new URL(`file://${module}`) : module
    if (!(url instanceof URL) && typeof url !== 'string') throw typeError('module', 'a URL or path of a JavaScript module', module)
    const { threads = 2, startTimeoutMs = 10_000 } = optionsObject(options, '{ threads?, startTimeoutMs? }')
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

  protected runMap(fn: string, items: ArrayLike<unknown>, options: RunMapOptions<unknown>): Promise<unknown[]> {
    this.checkFunction(fn)
    if (items === null || typeof items !== 'object' || typeof items.length !== 'number') throw typeError(`items for ${fn}`, 'an array of items', items)
    const list = Array.from(items)
    const chunk = options.chunk ?? defaultChunksize(list.length, this.workers.length)
    const results: unknown[] = new Array(list.length)
    const chunks: Promise<void>[] = []
    for (let begin = 0; begin < list.length; begin += chunk) {
      const end = Math.min(list.length, begin + chunk)
      chunks.push(this.enqueue(fn, list.slice(begin, end), options.tuples === true, options.signal, begin).then((values) => {
        for (let i = 0; i < values.length; i++) results[begin + i] = values[i]
        options.onChunk?.(begin, end, values)
      }))
    }
    return Promise.all(chunks).then(() => results)
  }

  protected async runOne(fn: string, args: readonly unknown[], signal: AbortSignal): Promise<unknown> {
    this.checkFunction(fn)
    const [value] = await this.enqueue(fn, [args], true, signal, 0)
    return value
  }

  private checkFunction(fn: unknown): void {
    if (typeof fn !== 'string' || !this.functions.includes(fn)) {
      throw rangeError('function', `one of the module's exported functions (${this.functions.join(', ')})`, fn)
    }
  }

  private enqueue(fn: string, items: unknown[], tuples: boolean, signal: AbortSignal, offset: number): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      this.queue.push({ fn, items, tuples, signal, resolve, reject, offset })
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
        this.busy[w]!++
        this.inFlight.add(job)
        this.workers[w]!.api.run(job.fn, job.items, job.tuples).then((answer) => {
          if ('results' in answer) job.resolve(answer.results)
          else job.reject(new TaskError(`${job.fn} failed on item ${job.offset + answer.failed} (${describe(job.items[answer.failed])}): ${answer.error}`))
        }, (error: unknown) => job.reject(this.terminated ? this.stop.signal.reason : error)).finally(() => {
          this.inFlight.delete(job)
          this.busy[w]!--
          if (!this.terminated) this.pump()
        })
      }
    }
  }
}
