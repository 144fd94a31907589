// Executor: concurrent.futures semantics on an Engine. Calls submitted in the
// same tick go to the workers together, as one region of tasks, so a burst of
// small submissions costs one dispatch rather than one each.

import type { CustomKernel, Engine, KernelArg } from '../engine/engine.js'
import { AbortError, StateError, checkOptions, rangeError, typeError } from '../errors.js'
import { checkTimeoutMs } from '../timeout.js'
import { Future } from './futures.js'
import type { ItemKernel, KernelName } from '../kernels/catalog.js'
import type { AnyName, BuiltinKernels, ItemName, KernelTable, SubmitParams } from '../kernels/signatures.js'
import { orderedStream } from './streams.js'

export interface ExecutorOptions {
  /** Most calls per dispatched batch (default 4096). */
  readonly maxBatch?: number
}

/** Options a submit call may end with: `executor.submit('square', 3, { signal, timeoutMs })`. */
export interface SubmitOptions {
  readonly signal?: AbortSignal
  /** Rejects the call with TimeoutError after this many ms, stopping its worker (the team is replaced). */
  readonly timeoutMs?: number
}

interface Pending {
  readonly future: Future<number>
  readonly kernel: KernelName | CustomKernel
  readonly args: readonly KernelArg[]
  readonly timeoutMs: number | undefined
}

/** Whether a submit's last argument is its options object (not a number or an array view). */
export const isSubmitOptions = (value: unknown): value is SubmitOptions =>
  value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value)

export class Executor<T extends KernelTable = BuiltinKernels> {
  private pending: Pending[] = []
  private flushing: Promise<void> | undefined
  private scheduled = false
  private shut = false
  private readonly maxBatch: number

  constructor(private readonly engine: Engine<T>, options: ExecutorOptions = {}) {
    const { maxBatch = 4096 } = checkOptions(options, ['maxBatch'], 'new Executor')
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw rangeError('maxBatch', 'an integer >= 1', maxBatch)
    this.maxBatch = maxBatch
  }

  /**
   * Schedules `kernel(...args)` and returns its Future. An item kernel takes
   * its arguments; a range kernel its arguments, then begin and end (the whole
   * range runs on one worker). A final `{ signal }` aborts it: before it
   * starts it is cancelled; after, its result is dropped.
   */
  submit<K extends AnyName<T>>(kernel: K, ...args: SubmitParams<T, K, SubmitOptions>): Future<number>
  submit(kernel: KernelName | CustomKernel, ...args: (KernelArg | SubmitOptions)[]): Future<number> {
    if (this.shut) throw new StateError('Executor.submit() called after shutdown(): cannot schedule new futures')
    const last = args[args.length - 1]
    const { signal, timeoutMs } = isSubmitOptions(last) ? checkOptions(args.pop() as SubmitOptions, ['signal', 'timeoutMs'], 'Executor.submit') : {}
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', signal)
    const entry: Pending = {
      kernel, args: args as KernelArg[], timeoutMs: checkTimeoutMs(timeoutMs, 'timeoutMs'),
      future: new Future<number>(() => this.withdraw(entry)),
    }
    if (signal?.aborted) {
      entry.future.finish({ ok: false, reason: new AbortError(`${kernel} was aborted before it started`, { cause: signal.reason }) })
      return entry.future
    }
    if (signal) {
      const onAbort = (): void => {
        if (!entry.future.cancel()) entry.future.finish({ ok: false, reason: new AbortError(`${kernel} was aborted while running; its result is dropped`, { cause: signal.reason }) })
      }
      signal.addEventListener('abort', onAbort, { once: true })
      // A long-lived signal (a pool's) must not collect one listener per call.
      entry.future.addDoneCallback(() => signal.removeEventListener('abort', onAbort))
    }
    this.pending.push(entry)
    this.schedule()
    return entry.future
  }

  /** Results of `kernel` over `items` in item order, as they become available (Executor.map with chunksize). */
  map(kernel: ItemName<T>, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options?: { chunksize?: number; signal?: AbortSignal; timeoutMs?: number }): AsyncIterableIterator<number>
  map(kernel: ItemKernel | CustomKernel, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: { chunksize?: number; signal?: AbortSignal; timeoutMs?: number } = {}): AsyncIterableIterator<number> {
    if (this.shut) throw new StateError('Executor.map() called after shutdown(): cannot schedule new work')
    const { chunksize, signal, timeoutMs } = checkOptions(options, ['chunksize', 'signal', 'timeoutMs'], 'Executor.map')
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', signal)
    // engine.map checks each option's value.
    return orderedStream<number>((mapOptions) => (this.engine as Engine<KernelTable>).map(kernel, items, mapOptions),
      { ...(chunksize !== undefined && { chunk: chunksize }), ...(signal !== undefined && { signal }), ...(timeoutMs !== undefined && { timeoutMs }) })
  }

  /**
   * Stops taking submissions. `cancelFutures` cancels those not yet started;
   * `wait` (default true) resolves once every started one has finished.
   */
  async shutdown(options: { wait?: boolean; cancelFutures?: boolean } = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = checkOptions(options, ['wait', 'cancelFutures'], 'Executor.shutdown')
    this.shut = true
    if (cancelFutures) for (const entry of [...this.pending]) entry.future.cancel()
    if (wait) while (this.flushing || this.pending.length > 0) await (this.flushing ?? Promise.resolve())
  }

  /**
   * The oldest pending calls that share the first one's time bound, up to
   * maxBatch: a batch runs as one region, and a call's timeout ends the
   * whole region, so calls with other bounds must not be caught in it.
   */
  private takeBatch(): Pending[] {
    const bound = this.pending[0]!.timeoutMs
    const batch: Pending[] = []
    const rest: Pending[] = []
    for (const entry of this.pending) (entry.timeoutMs === bound && batch.length < this.maxBatch ? batch : rest).push(entry)
    this.pending = rest
    return batch
  }

  private withdraw(entry: Pending): boolean {
    const at = this.pending.indexOf(entry)
    if (at === -1) return false
    this.pending.splice(at, 1)
    return true
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined
        // A call submitted after the last batch went out, but before this ran, is still pending.
        if (this.pending.length > 0) this.schedule()
      })
    })
  }

  /** Dispatches pending calls batch by batch until none are left. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch()
      const { timeoutMs } = batch[0]!
      for (const { future } of batch) future.markRunning()
      try {
        await this.engine.runAll(batch.map(({ kernel, args }) => ({ kernel, args })), {
          ...(timeoutMs !== undefined && { timeoutMs }),
          onSettle: (i, outcome) => {
            const { future } = batch[i]!
            future.finish(outcome.status === 'fulfilled' ? { ok: true, value: outcome.value } : { ok: false, reason: outcome.reason }, outcome.worker)
          },
        })
      } catch (error) {
        for (const { future } of batch) future.finish({ ok: false, reason: error })
      }
    }
  }
}
