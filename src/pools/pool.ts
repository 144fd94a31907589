// Pool: Python's multiprocessing.Pool semantics on an Engine's workers. map
// and starmap send the items in chunks of `chunksize` through one parallel
// region; imap and imapUnordered stream results as chunks complete; apply and
// applyAsync are single calls, batched per tick by an Executor.

import type { CustomKernel, Engine } from '../engine/engine.js'
import { typeError } from '../errors.js'
import { Executor } from './executor.js'
import type { ItemKernel, KernelName } from '../kernels/catalog.js'
import type { AnyName, BuiltinKernels, KernelTable } from '../kernels/signatures.js'
import { PoolBase, type RunMapOptions, type RunOneOptions } from './pool-base.js'

export { AsyncResult, type ApplyOptions, type PoolMapOptions } from './pool-base.js'

export class Pool<T extends KernelTable = BuiltinKernels> extends PoolBase<AnyName<T>, number, number | ArrayLike<number>> {
  private readonly executor: Executor<KernelTable>
  protected readonly optionNames = { map: ['chunksize', 'signal', 'timeoutMs'], apply: ['signal', 'timeoutMs'] } as const

  /** A pool over `engine`'s workers. The pool never closes the engine. */
  constructor(engine: Engine<T>)
  constructor(private readonly engine: Engine<KernelTable>) {
    super()
    if (engine === null || typeof engine !== 'object' || typeof (engine as Engine).map !== 'function') {
      throw typeError('engine', 'an Engine (from Engine.start)', engine)
    }
    this.executor = new Executor(engine)
  }

  protected runMap(kernel: string, items: ArrayLike<number | ArrayLike<number>>, options: RunMapOptions<number>): Promise<Float64Array> {
    return this.engine.map(kernel, items as ArrayLike<number>, options)
  }

  protected runOne(kernel: string, args: readonly unknown[], options: RunOneOptions): Promise<number> {
    return this.executor.submit(kernel, ...(args as number[]), options).result()
  }
}
