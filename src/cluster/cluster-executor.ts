// concurrent.futures over the cluster: each submit is one job on some node.
// Its Future is pending, and can be cancelled, until a node takes the job.

import { AbortError, StateError, checkOptions, typeError } from '../errors.js'
import { isSubmitOptions, type SubmitOptions } from '../pools/executor.js'
import { Future } from '../pools/futures.js'
import { ClusterPool } from './cluster-pool.js'

export class ClusterExecutor {
  /** Futures not yet done, for shutdown(). */
  private readonly futures = new Set<Future<number>>()
  private shut = false

  /** An executor over `pool`'s queue. It never closes the pool. */
  constructor(private readonly pool: ClusterPool) {
    if (!(pool instanceof ClusterPool)) throw typeError('pool', 'a ClusterPool (from ClusterPool.connect)', pool)
  }

  /**
   * kernel(...args) as one job; the Future settles with its value or its
   * ClusterJobError. A final `{ signal, timeoutMs }` bounds it: aborted
   * before a node takes the job, the future is cancelled and the job
   * withdrawn; after, it fails with AbortError and the job's result is dropped.
   * `future.cancel()` works until a node takes the job.
   */
  submit(kernel: string, ...args: (number | SubmitOptions)[]): Future<number> {
    if (this.shut) throw new StateError('ClusterExecutor.submit() called after shutdown(): cannot schedule new futures')
    const last = args[args.length - 1]
    const { signal, timeoutMs } = isSubmitOptions(last) ? checkOptions(args.pop() as SubmitOptions, ['signal', 'timeoutMs'], 'ClusterExecutor.submit') : {}
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', signal)
    // Aborted to withdraw the job: by cancel() before a node took it, or to drop its result after.
    const withdraw = new AbortController()
    let taken = false
    const future = new Future<number>(() => {
      if (taken) return false
      withdraw.abort()
      return true
    })
    if (signal?.aborted) {
      future.finish({ ok: false, reason: new AbortError(`${kernel} was aborted before it started`, { cause: signal.reason }) })
      return future
    }
    let call: Promise<number>
    try {
      call = this.pool.submitCall(kernel, args as number[], { signal: withdraw.signal, ...(timeoutMs !== undefined && { timeoutMs }) }, () => {
        taken = true
        future.markRunning()
      })
    } catch (error) {
      if (error instanceof StateError) throw new StateError(`ClusterExecutor.submit() called after its ClusterPool was closed: ${error.message}`)
      throw error
    }
    call.then((value) => future.finish({ ok: true, value }), (reason: unknown) => future.finish({ ok: false, reason }))
    if (signal) {
      const onAbort = (): void => {
        if (future.cancel()) return
        future.finish({ ok: false, reason: new AbortError(`${kernel} was aborted while running; its result is dropped`, { cause: signal.reason }) })
        withdraw.abort()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      // A long-lived signal must not collect one listener per call.
      future.addDoneCallback(() => signal.removeEventListener('abort', onAbort))
    }
    this.futures.add(future)
    future.addDoneCallback(() => this.futures.delete(future))
    return future
  }

  /** Results of kernel over items in input order, as jobs complete (the pool's imap). */
  map(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: { chunksize?: number; signal?: AbortSignal; timeoutMs?: number } = {}): AsyncIterableIterator<number> {
    if (this.shut) throw new StateError('ClusterExecutor.map() called after shutdown(): cannot schedule new work')
    return this.pool.imap(kernel, items, checkOptions(options, ['chunksize', 'signal', 'timeoutMs'], 'ClusterExecutor.map'))
  }

  /**
   * Stops taking submissions. `cancelFutures` cancels those no node has taken
   * yet (their jobs are withdrawn); `wait` (default true) resolves once every
   * other one is done.
   */
  async shutdown(options: { wait?: boolean; cancelFutures?: boolean } = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = checkOptions(options, ['wait', 'cancelFutures'], 'ClusterExecutor.shutdown')
    this.shut = true
    if (cancelFutures) for (const future of [...this.futures]) future.cancel()
    if (wait) await Promise.allSettled([...this.futures].map((future) => future.result()))
  }
}
