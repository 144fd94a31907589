// Pool: Python's multiprocessing.Pool semantics on an Engine. map and starmap
// send the items in chunks of `chunksize` through one parallel region;
// imap and imapUnordered stream results as chunks complete; apply and
// applyAsync are single calls, batched per tick by an Executor.

import type { CustomKernel, Engine, MapOptions } from './engine.js'
import { AbortError, rangeError, typeError } from './errors.js'
import { Executor } from './executor.js'
import { within } from './futures.js'
import type { ItemKernel, KernelName } from './kernels/catalog.js'
import { orderedStream, unorderedStream } from './tasks/streams.js'

export interface PoolMapOptions {
  /** Items per chunk, one claim by one worker (default: items / (4 · threads), as in Python). */
  readonly chunksize?: number
  readonly signal?: AbortSignal
}

type Items = ArrayLike<number> | ArrayLike<ArrayLike<number>>

/** The result of applyAsync, as in Python. */
export class AsyncResult<T = number> {
  private outcome: { ok: boolean; value?: T; reason?: unknown } | undefined

  constructor(private readonly promise: Promise<T>) {
    promise.then((value) => { this.outcome = { ok: true, value } }, (reason: unknown) => { this.outcome = { ok: false, reason } })
  }

  /** True once the call has finished. */
  ready(): boolean {
    return this.outcome !== undefined
  }

  /** Whether the call succeeded; an Error if it has not finished yet (as Python's ValueError). */
  successful(): boolean {
    if (!this.outcome) throw new Error('AsyncResult.successful() called before the result is ready')
    return this.outcome.ok
  }

  /** The value; rejects with the call's error, or TimeoutError after `timeoutMs`. */
  get(timeoutMs?: number): Promise<T> {
    return within(this.promise, timeoutMs, 'AsyncResult.get')
  }

  /** Waits until ready, at most `timeoutMs`; never rejects. */
  async wait(timeoutMs?: number): Promise<void> {
    await within(this.promise, timeoutMs, 'AsyncResult.wait').catch(() => {})
  }
}

export class Pool {
  private state: 'running' | 'closed' | 'terminated' = 'running'
  private readonly stop = new AbortController()
  private readonly outstanding = new Set<Promise<unknown>>()
  private readonly executor: Executor

  /** A pool over `engine`'s workers. The pool never closes the engine. */
  constructor(private readonly engine: Engine) {
    if (engine === null || typeof engine !== 'object' || typeof (engine as Engine).map !== 'function') {
      throw typeError('engine', 'an Engine (from Engine.start)', engine)
    }
    this.executor = new Executor(engine)
  }

  /** `kernel(item)` for every item, results in item order. */
  map(kernel: ItemKernel | CustomKernel, items: Items, options: PoolMapOptions = {}): Promise<number[]> {
    return this.track(() => this.engine.map(kernel, items, this.mapOptions('map', options)).then((r) => Array.from(r)))
  }

  /** `kernel(...tuple)` for every tuple, results in item order. */
  starmap(kernel: ItemKernel | CustomKernel, tuples: ArrayLike<ArrayLike<number>>, options: PoolMapOptions = {}): Promise<number[]> {
    return this.track(() => this.engine.map(kernel, tuples, { ...this.mapOptions('starmap', options), tuples: true }).then((r) => Array.from(r)))
  }

  /** Like map, but yields each result as soon as it and all before it are ready. */
  imap(kernel: ItemKernel | CustomKernel, items: Items, options: PoolMapOptions = {}): AsyncIterableIterator<number> {
    const { chunk, signal } = this.mapOptions('imap', options)
    return this.trackStream(orderedStream((o) => this.engine.map(kernel, items, o), chunk, signal))
  }

  /** Like imap, but yields results in the order chunks complete. */
  imapUnordered(kernel: ItemKernel | CustomKernel, items: Items, options: PoolMapOptions = {}): AsyncIterableIterator<number> {
    const { chunk, signal } = this.mapOptions('imapUnordered', options)
    return this.trackStream(unorderedStream((o) => this.engine.map(kernel, items, o), chunk, signal))
  }

  /** One call, `kernel(...args)`; resolves with its result. */
  apply(kernel: KernelName | CustomKernel, args: readonly number[] = []): Promise<number> {
    return this.applyAsync(kernel, args).get()
  }

  /** One call; returns at once with an AsyncResult. `callback` / `errorCallback` run when it settles. */
  applyAsync(kernel: KernelName | CustomKernel, args: readonly number[] = [], options: { callback?: (value: number) => void; errorCallback?: (error: unknown) => void } = {}): AsyncResult {
    this.assertRunning('applyAsync')
    if (!Array.isArray(args)) throw typeError('args', 'an array of arguments', args)
    const promise = this.track(() => this.executor.submit(kernel, ...args, { signal: this.stop.signal }).result())
    // The AsyncResult reports the outcome; the callbacks only observe it.
    promise.then((value) => options.callback?.(value), (error: unknown) => options.errorCallback?.(error)).catch(() => {})
    return new AsyncResult(promise)
  }

  /** No more work may be submitted; work already submitted finishes. */
  close(): void {
    if (this.state === 'running') this.state = 'closed'
  }

  /** Stops at once: work not yet started is skipped and its calls reject with AbortError. */
  terminate(): void {
    this.state = 'terminated'
    this.stop.abort(new AbortError('the pool was terminated'))
  }

  /** Waits for all submitted work to settle. Call close() or terminate() first, as in Python. */
  async join(): Promise<void> {
    if (this.state === 'running') throw new Error('Pool.join() called while the pool is running: call close() or terminate() first')
    while (this.outstanding.size > 0) await Promise.allSettled([...this.outstanding])
  }

  private assertRunning(operation: string): void {
    if (this.state !== 'running') throw new TypeError(`Pool.${operation}() called after the pool was ${this.state}`)
  }

  private mapOptions(operation: string, options: PoolMapOptions): MapOptions & { chunk?: number } {
    this.assertRunning(operation)
    if (options === null || typeof options !== 'object') throw typeError('options', 'an object { chunksize?, signal? }', options)
    const { chunksize, signal } = options
    if (chunksize !== undefined) {
      if (typeof chunksize !== 'number') throw typeError('chunksize', 'an integer >= 1', chunksize)
      if (!Number.isInteger(chunksize) || chunksize < 1) throw rangeError('chunksize', 'an integer >= 1', chunksize)
    }
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', signal)
    return { ...(chunksize !== undefined && { chunk: chunksize }), signal: signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal }
  }

  /** Runs `start` and remembers its promise until it settles, for join(). Errors from start() become rejections. */
  private track<T>(start: () => Promise<T>): Promise<T> {
    let promise: Promise<T>
    try {
      promise = start()
    } catch (error) {
      promise = Promise.reject(error)
    }
    this.outstanding.add(promise)
    const forget = () => { this.outstanding.delete(promise) }
    promise.then(forget, forget)
    return promise
  }

  /** Tracks a stream until it ends, for join(). */
  private trackStream(stream: AsyncIterableIterator<number>): AsyncIterableIterator<number> {
    let finished!: () => void
    const done = new Promise<void>((resolve) => { finished = resolve })
    this.outstanding.add(done)
    void done.then(() => this.outstanding.delete(done))
    const next = stream.next.bind(stream)
    stream.next = async () => {
      try {
        const result = await next()
        if (result.done) finished()
        return result
      } catch (error) {
        finished()
        throw error
      }
    }
    return stream
  }
}
