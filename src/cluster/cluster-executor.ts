// concurrent.futures over the cluster: each submit is one job on some node.

import { Future } from '../pools/futures.js'
import type { ClusterPool } from './cluster-pool.js'

export class ClusterExecutor {
  private readonly running = new Set<Promise<unknown>>()
  private shut = false

  constructor(private readonly pool: ClusterPool) {}

  /** kernel(...args) as one job; the Future settles with its value or its ClusterJobError. */
  submit(kernel: string, ...args: number[]): Future<number> {
    if (this.shut) throw new TypeError('ClusterExecutor.submit() called after shutdown()')
    const future = new Future<number>()
    future.markRunning()
    const call = this.pool.apply(kernel, args).then(
      (value) => future.finish({ ok: true, value }),
      (reason: unknown) => future.finish({ ok: false, reason }))
    this.running.add(call)
    void call.finally(() => this.running.delete(call))
    return future
  }

  /** Results of kernel over items in input order, as jobs complete. */
  map(kernel: string, items: ArrayLike<number>, options: { jobSize?: number } = {}): AsyncIterableIterator<number> {
    return this.pool.imap(kernel, items, options)
  }

  /** No more submits; waits for those in flight unless `wait` is false. */
  async shutdown(options: { wait?: boolean } = {}): Promise<void> {
    this.shut = true
    if (options.wait !== false) await Promise.allSettled(this.running)
  }
}
