// Process: Python's multiprocessing.Process for kernels. Processes started in
// the same tick run at the same time, each on its own worker (function
// parallelism), as opposed to Pool's one function over many items.

import type { CustomKernel, Engine, KernelArg } from '../engine/engine.js'
import { StateError, TimeoutError } from '../errors.js'
import { Executor } from './executor.js'
import { within, type Future } from './futures.js'
import type { KernelName } from '../kernels/catalog.js'
import type { AnyName, BuiltinKernels, CallArgs, KernelTable } from '../kernels/signatures.js'

/** One Executor per engine: processes started together go out as one batch. */
const executors = new WeakMap<Engine<KernelTable>, Executor<KernelTable>>()

export class Process<T extends KernelTable = BuiltinKernels, K extends AnyName<T> = AnyName<T>> {
  private future: Future<number> | undefined

  /**
   * A process that will run `kernel(...args)`: an item kernel's arguments, or
   * a range kernel's arguments followed by begin and end.
   */
  constructor(engine: Engine<T>, kernel: K, ...args: [] extends CallArgs<T, K> ? [args?: CallArgs<T, K>] : [args: CallArgs<T, K>])
  constructor(private readonly engine: Engine<KernelTable>, readonly kernel: KernelName | CustomKernel, readonly args: readonly KernelArg[] = []) {}

  /** Starts the process (once). */
  start(): void {
    if (this.future) throw new StateError(`Process ${this.kernel}: start() called twice`)
    let executor = executors.get(this.engine)
    if (!executor) executors.set(this.engine, (executor = new Executor(this.engine)))
    this.future = executor.submit(this.kernel, ...this.args)
    this.future.then(() => {}, () => {})
  }

  /**
   * Waits for the process to finish, or for `timeoutMs` (ms) to pass, as
   * Python's join(timeout): after a timeout it resolves with the process still
   * running (`exitCode` null). Never rejects for the kernel's own failure.
   */
  async join(timeoutMs?: number): Promise<void> {
    if (!this.future) throw new StateError(`Process ${this.kernel}: join() called before start()`)
    try {
      await within(this.future.exception(), timeoutMs, 'Process.join')
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error
    }
  }

  /** null while running; 0 if the kernel returned, 1 if it trapped (as Python's exitcode). */
  get exitCode(): number | null {
    if (!this.future?.done()) return null
    return this.future.failed() ? 1 : 0
  }

  /** The kernel's return value once finished. */
  result(): Promise<number> {
    if (!this.future) throw new StateError(`Process ${this.kernel}: result() called before start()`)
    return this.future.result()
  }

  /** The team index of the worker that ran it (-1 until it has run). */
  get worker(): number {
    return this.future?.worker ?? -1
  }
}
