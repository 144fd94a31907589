// Engine: the public face of sabre. A thin facade over the shared memory, the
// kernel catalog and the worker team; it validates every call at the boundary.

import { closedError, KernelError, StateError, optionsObject, typeError } from '../errors.js'
import { checkLength, marshalArguments } from '../kernels/arguments.js'
import type { ReduceKernel, ReduceResult, ReduceSpec } from '../kernels/catalog.js'
import { KernelSet } from '../kernels/kernel-set.js'
import { combineBlocks, identityLanes, laneCount } from '../kernels/lanes.js'
import type { ArgsOf, BuiltinKernels, ForName, ItemName, KernelTable, ReduceName, ReduceResultOf, RegionParams } from '../kernels/signatures.js'
import { builtinModule, inspectModule, userModule } from '../kernels/module.js'
import type { Block } from '../memory/arena.js'
import { requireSharedMemory } from '../memory/isolation.js'
import { cores as coreCount } from '../platform/platform.js'
import { packCall } from './calls.js'
import { now, readRecords, RECORD_BYTES, type TraceRecord } from '../trace/records.js'
import { CompletionLog } from './completion-log.js'
import { TaskRows, type CallOutcome } from './task-rows.js'
import { defaultChunksize, packItems } from './items.js'
import { createMemory, SharedMemory, type ElementType, type SharedView, type TypedArray } from '../memory/shared-memory.js'
import { CONTROL_BYTES, Mode } from '../team/control-block.js'
import { SKIP_TASK } from '../team/task-row.js'
import { partitionFor, partitionReduce } from '../team/partition.js'
import { Schedule, scheduleCode } from '../team/schedule.js'
import { MAIN_SPIN_MS, Team, type Region } from './team.js'
import {
  checkRegionOptions, checkStartOptions, DEFAULT_TRACE_RECORDS, type CustomKernel, type EngineOptions, type KernelArg,
  type KernelCall, type MapOptions, type RegionOptions, type RunAllOptions,
} from './options.js'

const itemText = (items: ArrayLike<unknown>, i: number): string => {
  const item = items[i]
  return typeof item === 'number' ? String(item) : JSON.stringify(Array.from(item as ArrayLike<number>))
}

/** Logical cores the runtime offers this program (Node: os.availableParallelism; browsers: hardwareConcurrency). */
export async function availableParallelism(): Promise<number> {
  return coreCount()
}

export type {
  CallOutcome, CustomKernel, EngineOptions, KernelArg, KernelCall, MapOptions, RegionOptions, RunAllOptions,
} from './options.js'

export class Engine<T extends KernelTable = BuiltinKernels> {
  private closed = false

  private constructor(
    /** Worker threads in the team. */
    readonly threads: number,
    private readonly memory: SharedMemory,
    private readonly team: Team,
    private readonly kernels: KernelSet,
    private readonly tracing?: { readonly address: number; readonly originMs: number },
  ) {}

  /** Compiles (once per process) the kernel module, creates the shared memory and boots the workers. */
  static start<const T extends KernelTable = BuiltinKernels>(options?: EngineOptions<T>): Promise<Engine<T>>
  static async start(options: EngineOptions = {}): Promise<Engine> {
    const cores = await availableParallelism()
    const { threads, memory: size, startTimeoutMs, trace } = checkStartOptions(options, cores)
    requireSharedMemory()
    const custom = options.module
    if (custom !== undefined && (custom === null || typeof custom !== 'object')) throw typeError('module', 'an object { wasm, kernels }', custom)
    const kernels = custom ? KernelSet.describe(custom.kernels) : KernelSet.builtin()
    const module = custom ? await userModule(custom.wasm) : await builtinModule()
    const wasmMemory = createMemory(size.initialBytes, size.maximumBytes)
    const memory = new SharedMemory(wasmMemory, await inspectModule(module, wasmMemory, kernels), size.maximumBytes)
    const control = memory.arena.allocate(CONTROL_BYTES).address
    const spinMs = threads < cores ? MAIN_SPIN_MS.spareCore : MAIN_SPIN_MS.noSpareCore
    const team = await Team.start({ threads, module, memory: wasmMemory, control, kernels: kernels.names, startTimeoutMs, spinMs })
    if (!trace) return new Engine(threads, memory, team, kernels)
    const capacity = trace === true ? DEFAULT_TRACE_RECORDS : trace
    const address = memory.arena.allocate(capacity * RECORD_BYTES).address
    team.enableTrace(address, capacity)
    return new Engine(threads, memory, team, kernels, { address, originMs: now() })
  }

  /**
   * The chunks recorded since the engine started (or the last `clear`), in
   * start order, once every region called before has finished. Needs
   * Engine.start({ trace: true }). Times in ms since the engine started.
   */
  async trace(options: { clear?: boolean } = {}): Promise<TraceRecord[]> {
    if (this.closed) throw closedError('trace')
    optionsObject(options, '{ clear? }')
    if (!this.tracing) throw new StateError('engine.trace() needs an engine started with { trace: true }')
    const count = await this.team.traceCount(options.clear === true)
    return readRecords(this.memory.buffer(), this.tracing.address, count, this.kernels.names, this.tracing.originMs)
      .sort((a, b) => a.startMs - b.startMs)
  }

  /** A zeroed view of `length` elements of `Type` in shared memory, visible to every worker without copying. */
  alloc<T extends ElementType>(Type: T, length: number): SharedView<T> {
    if (this.closed) throw closedError('alloc')
    return this.memory.alloc(Type, length)
  }

  /** Returns a view from alloc to the engine; the view must not be used afterwards. */
  free(view: TypedArray): void {
    if (this.closed) throw closedError('free')
    this.memory.free(view)
  }

  /**
   * Whether `owner` is the token of one of this engine's live workers. A kernel
   * takes locks as `workerToken()` (assembly/diagnostics.ts); a lock whose
   * owner is no longer alive was abandoned by a worker that died holding it.
   * Pass `{ isAlive: (owner) => engine.isAlive(owner) }` to Mutex.lockAsync.
   */
  isAlive(owner: number): boolean {
    return this.team.isAlive(owner)
  }

  /** Workers replaced so far after a worker died or a call timed out. */
  get replacedWorkers(): number {
    return this.team.replacements
  }

  /** Bytes of shared memory currently allocated by alloc (and the engine's own 64-byte-aligned blocks). */
  get allocatedBytes(): number {
    return this.memory.arena.usedBytes
  }

  /**
   * Runs `kernel` over indices [0, n), split into chunks across the workers;
   * resolves when every chunk has run. Rejects with TypeError/RangeError for
   * bad input, KernelError if the kernel traps, AbortError if `signal` fires.
   */
  parallelFor<K extends ForName<T>>(kernel: K, n: number, ...rest: RegionParams<ArgsOf<T, K>, RegionOptions>): Promise<void>
  async parallelFor(kernel: string, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): Promise<void> {
    const region = this.forRegion('parallelFor', kernel, n, args, options)
    if (region) await this.team.run(region)
  }

  /**
   * parallelFor with the calling thread in the team (OpenMP's model): `threads`
   * threads in all, the caller and threads − 1 workers; returns when every
   * chunk has run. Blocks the calling thread: Node's main thread or any worker,
   * never a browser's main thread (an Error says so). Throws what parallelFor
   * rejects with; throws an Error if async calls are still pending.
   */
  parallelForSync<K extends ForName<T>>(kernel: K, n: number, ...rest: RegionParams<ArgsOf<T, K>, RegionOptions>): void
  parallelForSync(kernel: string, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): void {
    const region = this.forRegion('parallelForSync', kernel, n, args, options)
    if (region) this.team.runSync(region, 'parallelForSync')
  }

  /** The checked region of a parallelFor, or undefined when there is nothing to run. */
  private forRegion(operation: string, kernel: unknown, n: number, args: readonly KernelArg[], options: RegionOptions): Region | undefined {
    if (this.closed) throw closedError(operation)
    const spec = this.kernels.lookUp(kernel, 'parallelFor')
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal, timeoutMs } = checkRegionOptions(options)
    if (length === 0) return undefined
    const code = scheduleCode(schedule)
    return {
      kernel: spec.id, name: spec.name, args: values, mode: Mode.For, schedule: code,
      ...partitionFor(length, this.threads, code, chunk), length, signal, timeoutMs,
    }
  }

  /**
   * Reduces `kernel` over indices [0, n): each block of `chunk` indices gives a
   * partial result, and partials combine in block order, so the result is
   * bit-identical for any thread count and schedule.
   */
  reduce<K extends ReduceName<T>>(kernel: K, n: number, ...rest: RegionParams<ArgsOf<T, K>, RegionOptions>): Promise<ReduceResultOf<T, K>>
  async reduce<K extends ReduceKernel | CustomKernel>(kernel: K, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): Promise<K extends ReduceKernel ? ReduceResult<K> : number> {
    const plan = this.reducePlan<K>('reduce', kernel, n, args, options)
    if (!plan.region) return plan.finish()
    try {
      await this.team.run(plan.region)
      return plan.finish()
    } finally {
      plan.release()
    }
  }

  /**
   * reduce with the calling thread in the team, as parallelForSync: returns
   * the same bits as reduce for every thread count and schedule.
   */
  reduceSync<K extends ReduceName<T>>(kernel: K, n: number, ...rest: RegionParams<ArgsOf<T, K>, RegionOptions>): ReduceResultOf<T, K>
  reduceSync<K extends ReduceKernel | CustomKernel>(kernel: K, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): K extends ReduceKernel ? ReduceResult<K> : number {
    const plan = this.reducePlan<K>('reduceSync', kernel, n, args, options)
    if (!plan.region) return plan.finish()
    try {
      this.team.runSync(plan.region, 'reduceSync')
      return plan.finish()
    } finally {
      plan.release()
    }
  }

  /** A checked reduce: its region (none for n = 0), how to combine the partials once it ran, and how to free them. */
  private reducePlan<K extends ReduceKernel | CustomKernel>(operation: string, kernel: unknown, n: number, args: readonly KernelArg[], options: RegionOptions):
    { region?: Region; finish: () => K extends ReduceKernel ? ReduceResult<K> : number; release: () => void } {
    if (this.closed) throw closedError(operation)
    const spec = this.kernels.lookUp(kernel, 'reduce')
    const reduce = spec.reduce as ReduceSpec<K extends ReduceKernel ? ReduceResult<K> : number>
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal, timeoutMs } = checkRegionOptions(options)
    const width = laneCount(reduce)
    const lanes = identityLanes(reduce)
    if (length === 0) return { finish: () => reduce.finish(lanes), release: () => {} }

    const code = scheduleCode(schedule)
    const partition = partitionReduce(length, code, chunk)
    const PartialType = reduce.partial !== 'return' && reduce.partial.type === 'u32' ? Uint32Array : Float64Array
    const stride = width * PartialType.BYTES_PER_ELEMENT
    const block = this.memory.arena.allocate(partition.units * stride)
    const finish = (): K extends ReduceKernel ? ReduceResult<K> : number => {
      const partials: ArrayLike<number> = PartialType === Uint32Array
        ? new Uint32Array(this.memory.buffer(), block.address, partition.units * width)
        : new Float64Array(this.memory.buffer(), block.address, partition.units * width)
      combineBlocks(reduce, partials, partition.units, lanes)
      return reduce.finish(lanes)
    }
    return {
      region: {
        kernel: spec.id, name: spec.name, args: values,
        mode: reduce.partial === 'return' ? Mode.ReduceReturn : Mode.ReduceSlot,
        schedule: code, ...partition, length, partials: block.address, stride, signal, timeoutMs,
      },
      finish,
      release: () => this.memory.arena.release(block.address),
    }
  }

  /** Resolves once every call made so far has settled (and a dead worker's replacement is done): then synchronous calls may run. */
  idle(): Promise<void> {
    return this.team.idle()
  }

  /**
   * Calls item kernel `kernel` once per item, spread over the workers in
   * chunks of `chunk` items; resolves with the results in item order. Items
   * are numbers, or tuples when the kernel takes several arguments.
   * `onChunk(begin, end, results)` reports chunks as they complete, in
   * completion order. An item that traps rejects the call with a KernelError
   * naming the item.
   */
  map(kernel: ItemName<T>, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options?: MapOptions): Promise<Float64Array>
  async map(kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: MapOptions = {}): Promise<Float64Array> {
    if (this.closed) throw closedError('map')
    const spec = this.kernels.lookUp(kernel, 'map')
    if (options === null || typeof options !== 'object') throw typeError('options', 'an object { chunk?, signal?, onChunk?, tuples?, timeoutMs? }', options)
    const packed = packItems(spec, items, options.tuples === true)
    const arity = spec.params.length
    const n = (items as ArrayLike<unknown>).length
    const { chunk = defaultChunksize(n, this.threads), signal, timeoutMs } = checkRegionOptions({ chunk: options.chunk, signal: options.signal, timeoutMs: options.timeoutMs })
    const onChunk = options.onChunk
    if (onChunk !== undefined && typeof onChunk !== 'function') throw typeError('options.onChunk', 'a function', onChunk)
    if (n === 0) return new Float64Array(0)

    const chunks = Math.ceil(n / chunk)
    const arena = this.memory.arena
    const blocks = [arena.allocate(packed.byteLength), arena.allocate(n * 8), arena.allocate(chunks * 4)]
    const [itemsBlock, resultsBlock, logBlock] = blocks as [Block, Block, Block]
    try {
      const buffer = this.memory.buffer()
      new Float64Array(buffer, itemsBlock.address, packed.length).set(packed)
      const results = new Float64Array(buffer, resultsBlock.address, n)
      const log = new CompletionLog(buffer, logBlock.address, chunks)
      const progress = onChunk && ((): void => log.drain((begin) => {
        const end = Math.min(n, begin + chunk)
        onChunk(begin, end, results.subarray(begin, end))
      }))
      try {
        await this.team.run({
          kernel: spec.id, name: spec.name, args: [], mode: Mode.Map, schedule: Schedule.Dynamic,
          units: n, unitSize: 1, length: n, chunk,
          items: itemsBlock.address, arity, results: resultsBlock.address, log: logBlock.address,
          signal, progress, timeoutMs, describe: (begin) => `item ${begin} (${itemText(items, begin)})`,
        })
      } catch (error) {
        // The failing item's chunk is not in the log; the items before it in
        // that chunk did run, and a stream yields them before the error.
        if (onChunk && error instanceof KernelError) {
          const failed = error.range![0] // a map region always names its chunk
          const begin = failed - (failed % chunk)
          // The trap is the error to report, even if this last onChunk throws.
          if (failed > begin) try { onChunk(begin, failed, results.subarray(begin, failed)) } catch {}
        }
        throw error
      }
      return results.slice()
    } finally {
      for (const block of blocks) arena.release(block.address)
    }
  }

  /**
   * Runs every call at the same time, each on one worker (Python's Process:
   * different functions in parallel). A call is an item kernel with its
   * arguments, or a range kernel with its arguments, then begin and end.
   * Resolves with one outcome per call, in call order; `onSettle(i, outcome)`
   * reports each as it finishes. One call failing does not stop the others.
   */
  async runAll(calls: readonly KernelCall[], options: RunAllOptions = {}): Promise<CallOutcome[]> {
    if (this.closed) throw closedError('runAll')
    if (!Array.isArray(calls)) throw typeError('calls', 'an array of { kernel, args }', calls)
    if (options === null || typeof options !== 'object') throw typeError('options', 'an object { signal?, onSettle?, timeoutMs? }', options)
    // A call that fails validation settles at once as rejected; the rest still run.
    const invalid = new Map<number, unknown>()
    const packed = calls.map((call, i) => {
      try {
        if (call === null || typeof call !== 'object') throw typeError(`calls[${i}]`, 'an object { kernel, args }', call)
        const spec = this.kernels.lookUp(call.kernel, 'any')
        if (spec.reduce && spec.reduce.partial !== 'return') throw new TypeError(`kernel ${spec.name} writes a partial slot: run it with engine.reduce`)
        const args = call.args ?? []
        if (!Array.isArray(args)) throw typeError(`calls[${i}].args`, 'an array', args)
        return { spec, values: packCall(spec, args, this.memory) }
      } catch (error) {
        invalid.set(i, error)
        // The row stays, marked to be skipped, so that row indices match call indices.
        return { spec: { name: 'invalid', indices: '', params: [], id: SKIP_TASK }, values: [] }
      }
    })
    const { signal, timeoutMs } = checkRegionOptions({ signal: options.signal, timeoutMs: options.timeoutMs })
    const onSettle = options.onSettle
    if (onSettle !== undefined && typeof onSettle !== 'function') throw typeError('options.onSettle', 'a function', onSettle)
    const count = packed.length
    if (count === 0) return []
    const outcomes: (CallOutcome | undefined)[] = new Array(count)
    for (const [i, reason] of invalid) {
      outcomes[i] = { status: 'rejected', reason, worker: -1 }
      onSettle?.(i, outcomes[i]!)
    }

    const arena = this.memory.arena
    const rowsBlock = arena.allocate(TaskRows.bytes(count))
    const logBlock = arena.allocate(count * 4)
    try {
      const buffer = this.memory.buffer()
      const rows = new TaskRows(buffer, rowsBlock.address)
      packed.forEach(({ spec, values }, t) => rows.write(t, spec.id, values))
      const log = new CompletionLog(buffer, logBlock.address, count)
      const progress = (): void => log.drain((t) => {
        if (invalid.has(t)) return
        const { spec, values } = packed[t]!
        outcomes[t] = rows.outcome(t, spec.name, `${spec.name}(${values.join(', ')})`)
        onSettle?.(t, outcomes[t]!)
      })
      let aborted: unknown
      await this.team.run({
        kernel: -1, name: 'runAll', args: [], mode: Mode.Tasks, schedule: Schedule.Dynamic,
        units: count, unitSize: 1, length: count, chunk: 1,
        items: rowsBlock.address, log: logBlock.address, signal, progress, timeoutMs,
      }).catch((error: unknown) => { aborted = error })
      // Array.from, not map: map skips the holes, which are exactly the calls that never ran.
      return Array.from(outcomes, (outcome, t) => {
        if (outcome) return outcome
        const reason = aborted ?? new Error(`call ${t} did not run`)
        const skipped: CallOutcome = { status: 'rejected', reason, worker: -1 }
        onSettle?.(t, skipped)
        return skipped
      })
    } finally {
      arena.release(rowsBlock.address)
      arena.release(logBlock.address)
    }
  }

  /** Stops every worker. Later calls reject; a Node process with no other work then exits by itself. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.team.stop()
  }
}
