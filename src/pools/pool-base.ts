// What every pool shares, whatever runs its tasks: Python's Pool surface
// (map, starmap, imap, imapUnordered, apply, applyAsync, close, terminate,
// join), option checks, and the bookkeeping that join() waits on.

import { AbortError, StateError, checkOptions, rangeError, typeError } from '../errors.js'
import { checkTimeoutMs } from '../timeout.js'
import { within } from './futures.js'
import { orderedStream, unorderedStream } from './streams.js'

export interface PoolMapOptions {
  /** Items per chunk, one claim by one worker (default: items / (4 · workers), as in Python). */
  readonly chunksize?: number
  readonly signal?: AbortSignal
  /** Rejects the call with TimeoutError after this many ms, stopping its work (Pool, JsPool: the workers running it are replaced; ClusterPool withdraws the jobs no node has taken). */
  readonly timeoutMs?: number
  /** Called as items complete: items done so far, and the total (ClusterPool only). */
  readonly onProgress?: (done: number, total: number) => void
}

/** Options of apply and applyAsync. */
export interface ApplyOptions<T> {
  readonly signal?: AbortSignal
  /** Rejects the call with TimeoutError after this many ms, stopping its work (Pool, JsPool: the workers running it are replaced; ClusterPool withdraws the jobs no node has taken). */
  readonly timeoutMs?: number
  /** applyAsync: called with the value when the call succeeds. */
  readonly callback?: (value: T) => void
  /** applyAsync: called with the error when the call fails. */
  readonly errorCallback?: (error: unknown) => void
}

/** What a pool's map gets once options are checked. */
export interface RunMapOptions<T> {
  readonly chunk?: number
  readonly signal: AbortSignal
  readonly timeoutMs?: number
  readonly onChunk?: (begin: number, end: number, results: ArrayLike<T>) => void
  readonly onProgress?: (done: number, total: number) => void
  /** starmap: each item is a tuple of arguments. */
  readonly tuples?: boolean
}

/** What a pool's single call gets once options are checked. */
export interface RunOneOptions {
  readonly signal: AbortSignal
  readonly timeoutMs?: number
}

/** The result of applyAsync, as in Python. */
export class AsyncResult<T = number> {
  private outcome: { ok: boolean } | undefined

  constructor(private readonly promise: Promise<T>) {
    promise.then(() => { this.outcome = { ok: true } }, () => { this.outcome = { ok: false } })
  }

  /** True once the call has finished. */
  ready(): boolean {
    return this.outcome !== undefined
  }

  /** Whether the call succeeded; an Error if it has not finished yet (as Python's ValueError). */
  successful(): boolean {
    if (!this.outcome) throw new StateError('AsyncResult.successful() called before the result is ready')
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

export abstract class PoolBase<Fn, T, Item = unknown> {
  private state: 'running' | 'closed' | 'terminated' = 'running'
  protected readonly stop = new AbortController()
  private readonly outstanding = new Set<Promise<unknown>>()

  /** The options this pool's calls take, by call: chunksize, signal and timeoutMs in every pool, and a pool's own (ClusterPool's onProgress). */
  protected abstract readonly optionNames: { readonly map: readonly string[]; readonly apply: readonly string[] }
  /** Runs `fn` over `items` in chunks; resolves with the results in item order. */
  protected abstract runMap(fn: Fn, items: ArrayLike<Item>, options: RunMapOptions<T>): Promise<ArrayLike<T>>
  /** Runs one call `fn(...args)`. */
  protected abstract runOne(fn: Fn, args: readonly unknown[], options: RunOneOptions): Promise<T>

  /** `fn(item)` for every item, results in item order. */
  map(fn: Fn, items: ArrayLike<Item>, options: PoolMapOptions = {}): Promise<T[]> {
    return this.track(() => this.runMap(fn, items, this.mapOptions('map', options)).then((r) => Array.from(r)))
  }

  /** `fn(...tuple)` for every tuple, results in item order. */
  starmap(fn: Fn, tuples: ArrayLike<ArrayLike<unknown>>, options: PoolMapOptions = {}): Promise<T[]> {
    return this.track(() => this.runMap(fn, tuples as ArrayLike<Item>, { ...this.mapOptions('starmap', options), tuples: true }).then((r) => Array.from(r)))
  }

  /** Like map, but yields each result as soon as it and all before it are ready. */
  imap(fn: Fn, items: ArrayLike<Item>, options: PoolMapOptions = {}): AsyncIterableIterator<T> {
    return this.trackStream(orderedStream<T>((o) => this.runMap(fn, items, o), this.mapOptions('imap', options)))
  }

  /** Like imap, but yields results in the order chunks complete. */
  imapUnordered(fn: Fn, items: ArrayLike<Item>, options: PoolMapOptions = {}): AsyncIterableIterator<T> {
    return this.trackStream(unorderedStream<T>((o) => this.runMap(fn, items, o), this.mapOptions('imapUnordered', options)))
  }

  /** One call, `fn(...args)`; resolves with its result. */
  async apply(fn: Fn, args: readonly unknown[] = [], options: Pick<ApplyOptions<T>, 'signal' | 'timeoutMs'> = {}): Promise<T> {
    return this.startOne('apply', fn, args, options)
  }

  /** One call; returns at once with an AsyncResult. `callback` / `errorCallback` run when it settles. */
  applyAsync(fn: Fn, args: readonly unknown[] = [], options: ApplyOptions<T> = {}): AsyncResult<T> {
    return new AsyncResult(this.startOne('applyAsync', fn, args, options))
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
    if (this.state === 'running') throw new StateError(`${this.constructor.name}.join() called while the pool is running: call close() or terminate() first`)
    while (this.outstanding.size > 0) await Promise.allSettled([...this.outstanding])
  }

  protected get terminated(): boolean {
    return this.state === 'terminated'
  }

  protected assertRunning(operation: string): void {
    if (this.state !== 'running') throw new StateError(`${this.constructor.name}.${operation}() called after the pool was ${this.state}`)
  }

  /** Checks a map's options (`operation` names the call in messages), once the pool is known to be running. */
  protected mapOptions(operation: string, options: PoolMapOptions): RunMapOptions<T> {
    this.assertRunning(operation)
    const { chunksize, signal, timeoutMs, onProgress } = checkOptions(options, this.optionNames.map, `${this.constructor.name}.${operation}`)
    if (chunksize !== undefined) {
      if (typeof chunksize !== 'number') throw typeError('chunksize', 'an integer >= 1', chunksize)
      if (!Number.isInteger(chunksize) || chunksize < 1) throw rangeError('chunksize', 'an integer >= 1', chunksize)
    }
    if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('onProgress', 'a function (done, total) => void', onProgress)
    return { ...(chunksize !== undefined && { chunk: chunksize }), ...(onProgress !== undefined && { onProgress }), ...this.callOptions(signal, timeoutMs) }
  }

  /** Checks options common to every call; the pool's own stop signal joins the caller's. */
  protected callOptions(signal: unknown, timeoutMs: unknown): RunOneOptions {
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', signal)
    const bound = checkTimeoutMs(timeoutMs, 'timeoutMs')
    return { signal: signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal, ...(bound !== undefined && { timeoutMs: bound }) }
  }

  /** Starts one call for apply / applyAsync; the callbacks only observe the outcome. */
  private startOne(operation: string, fn: Fn, args: readonly unknown[], options: ApplyOptions<T>): Promise<T> {
    this.assertRunning(operation)
    if (!Array.isArray(args)) throw typeError('args', 'an array of arguments', args)
    const names = operation === 'apply' ? this.optionNames.apply : [...this.optionNames.apply, 'callback', 'errorCallback']
    const { signal, timeoutMs, callback, errorCallback } = checkOptions(options, names, `${this.constructor.name}.${operation}`)
    if (callback !== undefined && typeof callback !== 'function') throw typeError('callback', 'a function', callback)
    if (errorCallback !== undefined && typeof errorCallback !== 'function') throw typeError('errorCallback', 'a function', errorCallback)
    const runOptions = this.callOptions(signal, timeoutMs)
    const promise = this.track(() => this.runOne(fn, args, runOptions))
    promise.then((value) => callback?.(value), (error: unknown) => errorCallback?.(error)).catch(() => {})
    return promise
  }

  /** Runs `start` and remembers its promise until it settles, for join(). Errors from start() become rejections. */
  protected track<R>(start: () => Promise<R>): Promise<R> {
    let promise: Promise<R>
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

  /** Tracks a stream for join() until the consumer reaches its end or its error. */
  private trackStream(stream: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
    let finished!: () => void
    const done = new Promise<void>((resolve) => { finished = resolve })
    this.outstanding.add(done)
    void done.then(() => this.outstanding.delete(done))
    return {
      next: () => stream.next().then((result) => { if (result.done) finished(); return result }, (error: unknown) => { finished(); throw error }),
      return: async () => { finished(); return stream.return!() },
      [Symbol.asyncIterator]() { return this },
    }
  }
}
