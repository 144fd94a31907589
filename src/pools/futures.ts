// Future, asCompleted and wait: concurrent.futures semantics for sabre calls.

import { AbortError, CancelledError, checkOptions, TimeoutError, typeError } from '../errors.js'
import { AsyncQueue } from './async-queue.js'
import { checkWaitMs, raceTimeout } from '../timeout.js'



type State = 'pending' | 'running' | 'finished' | 'cancelled'

/** Rejects with TimeoutError after `timeoutMs` unless `promise` settles first (no timeout: waits). */
export async function within<T>(promise: Promise<T>, timeoutMs: number | undefined, what: string): Promise<T> {
  checkWaitMs(timeoutMs, `${what} timeoutMs`)
  if (timeoutMs === undefined || timeoutMs === Infinity) return promise
  return raceTimeout(promise, timeoutMs, () => new TimeoutError(`${what} did not finish within ${timeoutMs} ms`))
}

/**
 * The eventual result of one submitted call. Awaitable; `cancel()` works only
 * while it is still pending (not yet handed to the workers).
 */
export class Future<T = number> implements PromiseLike<T> {
  private state: State = 'pending'
  private outcome: { ok: true; value: T } | { ok: false; reason: unknown } | undefined
  private readonly settled: Promise<void>
  private resolveSettled!: () => void
  private readonly callbacks: ((future: Future<T>) => void)[] = []

  /** `onCancel` is asked to withdraw the call; it returns false once the call has started. */
  constructor(private readonly onCancel: () => boolean = () => false) {
    this.settled = new Promise((resolve) => { this.resolveSettled = resolve })
  }

  /** Cancels the call if it has not started; true if it is (now) cancelled. */
  cancel(): boolean {
    if (this.state === 'cancelled') return true
    if (this.state !== 'pending' || !this.onCancel()) return false
    this.state = 'cancelled'
    this.settle({ ok: false, reason: new CancelledError('the future was cancelled before it started') })
    return true
  }

  cancelled(): boolean { return this.state === 'cancelled' }
  running(): boolean { return this.state === 'running' }
  /** True once finished or cancelled. */
  done(): boolean { return this.state === 'finished' || this.state === 'cancelled' }
  /** True once finished with an error (not cancelled). */
  failed(): boolean { return this.state === 'finished' && this.outcome?.ok === false }

  /** The call's value; rejects with its error, CancelledError, or TimeoutError after `timeoutMs`. */
  async result(timeoutMs?: number): Promise<T> {
    await within(this.settled, timeoutMs, 'Future.result')
    const outcome = this.outcome!
    if (outcome.ok) return outcome.value
    throw outcome.reason
  }

  /** The call's error, or undefined if it succeeded; TimeoutError after `timeoutMs`. */
  async exception(timeoutMs?: number): Promise<unknown> {
    await within(this.settled, timeoutMs, 'Future.exception')
    const outcome = this.outcome!
    if (!outcome.ok && this.state === 'cancelled') throw outcome.reason
    return outcome.ok ? undefined : outcome.reason
  }

  /** Calls `fn(future)` once the future is done (at once if it already is). */
  addDoneCallback(fn: (future: Future<T>) => void): void {
    if (typeof fn !== 'function') throw typeError('callback', 'a function', fn)
    if (this.done()) fn(this)
    else this.callbacks.push(fn)
  }

  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.result().then(onFulfilled, onRejected)
  }

  /** @internal The executor handed the call to the workers. */
  markRunning(): void {
    if (this.state === 'pending') this.state = 'running'
  }

  /** The team index of the worker that ran the call (-1 until it has run). */
  worker = -1

  /** @internal The call finished (on `worker`, if it ran). */
  finish(outcome: { ok: true; value: T } | { ok: false; reason: unknown }, worker = -1): void {
    if (this.done()) return
    this.state = 'finished'
    this.worker = worker
    this.settle(outcome)
  }

  private settle(outcome: { ok: true; value: T } | { ok: false; reason: unknown }): void {
    this.outcome = outcome
    this.resolveSettled()
    for (const fn of this.callbacks.splice(0)) fn(this)
  }
}

const checkFutures = <T>(futures: Iterable<Future<T>>, what: string): Future<T>[] => {
  const list = futures && typeof (futures as Iterable<unknown>)[Symbol.iterator] === 'function' ? [...futures] : undefined
  if (!list || !list.every((f) => f instanceof Future)) throw typeError(`${what} futures`, 'an iterable of Future', futures)
  return list
}

/** Yields the futures as they complete (finish or are cancelled). TimeoutError if not all are done in `timeoutMs`. */
export function asCompleted<T>(futures: Iterable<Future<T>>, options: { timeoutMs?: number } = {}): AsyncIterableIterator<Future<T>> {
  const list = [...new Set(checkFutures(futures, 'asCompleted'))]
  checkWaitMs(checkOptions(options, ['timeoutMs'], 'asCompleted').timeoutMs, 'asCompleted timeoutMs')
  const queue = new AsyncQueue<Future<T>>()
  let left = list.length
  const timer = options.timeoutMs === undefined || options.timeoutMs === Infinity || left === 0 ? undefined : setTimeout(() =>
    queue.fail(new TimeoutError(`${left} of ${list.length} futures were not done within ${options.timeoutMs} ms`)), options.timeoutMs)
  if (left === 0) queue.end()
  for (const future of list) {
    future.addDoneCallback(() => {
      queue.push(future)
      if (--left > 0) return
      clearTimeout(timer)
      queue.end()
    })
  }
  return queue
}

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED'

/** Waits for `returnWhen` (default ALL_COMPLETED) or `timeoutMs`; resolves with the done and not-done sets. */
export async function wait<T>(futures: Iterable<Future<T>>, options: { returnWhen?: ReturnWhen; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<{ done: Set<Future<T>>; notDone: Set<Future<T>> }> {
  const list = checkFutures(futures, 'wait')
  const { returnWhen = 'ALL_COMPLETED', timeoutMs, signal } = checkOptions(options, ['returnWhen', 'timeoutMs', 'signal'], 'wait')
  if (!['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'].includes(returnWhen)) {
    throw typeError('returnWhen', "'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED'", returnWhen)
  }
  checkWaitMs(timeoutMs, 'wait timeoutMs')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('wait signal', 'an AbortSignal', signal)
  if (signal?.aborted) throw new AbortError('wait was aborted', { cause: signal.reason })
  const satisfied = (): boolean => {
    const done = list.filter((f) => f.done())
    if (returnWhen === 'FIRST_COMPLETED') return done.length > 0 || list.length === 0
    if (returnWhen === 'FIRST_EXCEPTION') return done.some((f) => f.failed()) || done.length === list.length
    return done.length === list.length
  }
  if (!satisfied()) {
    await new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const finish = () => { clearTimeout(timer); signal?.removeEventListener('abort', finish); resolve() }
      if (timeoutMs !== undefined && timeoutMs !== Infinity) timer = setTimeout(finish, timeoutMs)
      signal?.addEventListener('abort', finish, { once: true })
      for (const f of list) f.addDoneCallback(() => { if (satisfied()) finish() })
    })
  }
  const done = new Set(list.filter((f) => f.done()))
  return { done, notDone: new Set(list.filter((f) => !done.has(f))) }
}
