// Engine: the public face of sabre. A thin facade over the shared memory, the
// kernel catalog and the worker team; it validates every call at the boundary.

import { Algorithms, type AlgorithmOptions, type AlgorithmView, type FilterOptions, type ScanOptions, type SortOptions } from '../algorithms/algorithms.js'
import { checkOptions, closedError, StateError } from '../errors.js'
import { checkLength, marshalArguments } from '../kernels/arguments.js'
import type { ReduceKernel, ReduceResult, ReduceSpec } from '../kernels/catalog.js'
import { KernelSet } from '../kernels/kernel-set.js'
import { combineBlocks, identityLanes, laneCount, partialArray } from '../kernels/lanes.js'
import { builtinModule, inspectModule, userModule } from '../kernels/module.js'
import type { ArgsOf, BuiltinKernels, ForName, ItemName, KernelTable, PhasedName, ReduceName, ReduceResultOf, RegionParams } from '../kernels/signatures.js'
import { requireSharedMemory } from '../memory/isolation.js'
import { createMemory, SharedMemory, type ElementType, type SharedCopy, type SharedView, type TypedArray } from '../memory/shared-memory.js'
import { cores as coreCount } from '../platform/platform.js'
import { CONTROL_BYTES } from '../region/control-block.js'
import { Mode } from '../region/descriptor.js'
import { partitionFor, partitionReduce } from '../region/partition.js'
import { scheduleCode } from '../region/schedule.js'
import { now, readRecords, RECORD_BYTES, type TraceRecord } from '../trace/records.js'
import { runMap, type EngineParts } from './map-call.js'
import {
  checkRegionOptions, checkStartOptions, DEFAULT_TRACE_RECORDS, type CallOutcome, type CustomKernel, type EngineOptions,
  type KernelArg, type KernelCall, type MapOptions, type RegionOptions, type RunAllOptions,
} from './options.js'
import { phasedRegion, type ParallelOptions } from './parallel-call.js'
import { runAllCalls } from './run-all.js'
import { MAIN_SPIN_MS, Team, type Region } from '../team/team.js'


/** Logical cores the runtime offers this program (Node: os.availableParallelism; browsers: hardwareConcurrency). */
export async function availableParallelism(): Promise<number> {
  return coreCount()
}

export type { AlgorithmOptions, AlgorithmView, FilterOp, FilterOptions, ScanOp, ScanOptions, SortOptions } from '../algorithms/algorithms.js'
export type { ParallelOptions } from './parallel-call.js'
export type {
  CallOutcome, CustomKernel, EngineOptions, KernelArg, KernelCall, MapOptions, RegionOptions, RunAllOptions,
} from './options.js'

export class Engine<T extends KernelTable = BuiltinKernels> {
  /** Which call ended the engine: later calls are a StateError naming it. */
  private closed: 'close' | 'terminate' | undefined
  /** close()'s wait for the calls already made, then the workers' end. */
  private closing: Promise<void> | undefined
  private algorithmsOf: Algorithms | undefined
  /** sort, scan, compact and filter (src/algorithms/), checked as open. */
  private algorithms(operation: string): Algorithms {
    if (this.closed) throw closedError(operation, this.closed)
    return (this.algorithmsOf ??= new Algorithms({ team: this.team, memory: this.memory, kernels: this.kernels }))
  }
  /** What map and runAll (their own modules) need of this engine. */
  private get parts(): EngineParts {
    return { team: this.team, memory: this.memory, kernels: this.kernels, threads: this.threads }
  }

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
    if (custom !== undefined) checkOptions(custom, ['wasm', 'kernels'], 'Engine.start module', { what: 'module', required: ['wasm', 'kernels'] })
    const kernels = custom ? KernelSet.describe(custom.kernels) : KernelSet.builtin()
    const module = custom ? await userModule(custom.wasm) : await builtinModule()
    const wasmMemory = createMemory(size.initialBytes, size.maximumBytes)
    const memory = new SharedMemory(wasmMemory, await inspectModule(module, wasmMemory, kernels), size.maximumBytes)
    const control = memory.arena.allocate(CONTROL_BYTES).address
    const spinMs = threads < cores ? MAIN_SPIN_MS.spareCore : MAIN_SPIN_MS.noSpareCore
    const team = await Team.start({ threads, module, memory: wasmMemory, control, kernels: kernels.names, warm: kernels.warm, startTimeoutMs, spinMs })
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
    if (this.closed) throw closedError('trace', this.closed)
    checkOptions(options, ['clear'], 'engine.trace')
    if (!this.tracing) throw new StateError('engine.trace() needs an engine started with { trace: true }')
    const count = await this.team.traceCount(options.clear === true)
    return readRecords(this.memory.buffer(), this.tracing.address, count, this.kernels.names, this.tracing.originMs)
      .sort((a, b) => a.startMs - b.startMs)
  }

  /** A zeroed view of `length` elements of `Type` in shared memory, visible to every worker without copying. */
  alloc<T extends ElementType>(Type: T, length: number): SharedView<T> {
    if (this.closed) throw closedError('alloc', this.closed)
    return this.memory.alloc(Type, length)
  }

  /**
   * A new engine view of the same type and length as `array` (any typed
   * array: an ImageData's data, a Float32Array read from a file), holding a
   * copy of its elements; free it as any view from alloc. A TypeError names
   * anything that is not a typed array.
   */
  from<A extends TypedArray>(array: A): SharedCopy<A> {
    if (this.closed) throw closedError('from', this.closed)
    return this.memory.copy(array)
  }

  /** Returns a view from alloc to the engine; the view must not be used afterwards. */
  free(view: TypedArray): void {
    if (this.closed) throw closedError('free', this.closed)
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
    if (this.closed) throw closedError(operation, this.closed)
    const spec = this.kernels.lookUp(kernel, 'parallelFor')
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal, timeoutMs } = checkRegionOptions(options, `engine.${operation}`)
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
    if (this.closed) throw closedError(operation, this.closed)
    const spec = this.kernels.lookUp(kernel, 'reduce')
    const reduce = spec.reduce as ReduceSpec<K extends ReduceKernel ? ReduceResult<K> : number>
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal, timeoutMs } = checkRegionOptions(options, `engine.${operation}`)
    const width = laneCount(reduce)
    const lanes = identityLanes(reduce)
    if (length === 0) return { finish: () => reduce.finish(lanes), release: () => {} }

    const code = scheduleCode(schedule)
    const partition = partitionReduce(length, code, chunk)
    const Partials = partialArray(reduce)
    const stride = width * Partials.BYTES_PER_ELEMENT
    const block = this.memory.arena.allocate(partition.units * stride)
    const finish = (): K extends ReduceKernel ? ReduceResult<K> : number => {
      combineBlocks(reduce, new Partials(this.memory.buffer(), block.address, partition.units * width), partition.units, lanes)
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

  /**
   * Runs phased kernel `kernel` once on every member of the team (OpenMP's
   * `parallel`): inside, threadIndex(), threadCount() and barrier() from
   * sabre/assembly/kernel tell a member who it is and wait for the others.
   * Resolves when every member has returned. Rejects with KernelError naming
   * the member if one traps (the others are released from the barrier),
   * AbortError if `signal` fires, TimeoutError after `timeoutMs`.
   */
  parallel<K extends PhasedName<T>>(kernel: K, ...rest: RegionParams<ArgsOf<T, K>, ParallelOptions>): Promise<void>
  async parallel(kernel: string, args: readonly KernelArg[] = [], options: ParallelOptions = {}): Promise<void> {
    if (this.closed) throw closedError('parallel', this.closed)
    await this.team.run(phasedRegion(this.parts, 'parallel', kernel, args, options))
  }

  /**
   * parallel with the calling thread as the last member (threadIndex()
   * threadCount() − 1), as parallelForSync: `threads` threads in all; returns
   * when every member has returned. Blocks the calling thread: Node's main
   * thread or any worker, never a browser's main thread.
   */
  parallelSync<K extends PhasedName<T>>(kernel: K, ...rest: RegionParams<ArgsOf<T, K>, ParallelOptions>): void
  parallelSync(kernel: string, args: readonly KernelArg[] = [], options: ParallelOptions = {}): void {
    if (this.closed) throw closedError('parallelSync', this.closed)
    this.team.runSync(phasedRegion(this.parts, 'parallelSync', kernel, args, options), 'parallelSync')
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
    if (this.closed) throw closedError('map', this.closed)
    return runMap(this.parts, kernel, items, options)
  }


  /**
   * Runs every call at the same time, each on one worker (Python's Process:
   * different functions in parallel). A call is an item kernel with its
   * arguments, or a range kernel with its arguments, then begin and end.
   * Resolves with one outcome per call, in call order; `onSettle(i, outcome)`
   * reports each as it finishes. One call failing does not stop the others.
   */
  async runAll(calls: readonly KernelCall[], options: RunAllOptions = {}): Promise<CallOutcome[]> {
    if (this.closed) throw closedError('runAll', this.closed)
    return runAllCalls(this.parts, calls, options)
  }


  // Algorithms (docs/algorithms.md): each runs as several regions on the team, on
  // engine-allocated views (or subarrays of them); scratch memory is freed when
  // the call settles. The …Sync twins run with the calling thread in the team.

  /** Sorts `view` in place: TypedArray.prototype.sort's order (−0 before +0, NaN last), or its reverse with NaN still last. */
  async sort(view: AlgorithmView, options?: SortOptions): Promise<void> {
    return this.algorithms('sort').sort(view, options)
  }
  /** sort with the calling thread in the team. */
  sortSync(view: AlgorithmView, options?: SortOptions): void {
    this.algorithms('sortSync').sortSync(view, options)
  }
  /** Sorts `keys` as sort does and moves `values` (same length) with them; stable: equal keys keep their order. */
  async sortByKey(keys: AlgorithmView, values: AlgorithmView, options?: SortOptions): Promise<void> {
    return this.algorithms('sortByKey').sortByKey(keys, values, options)
  }
  /** sortByKey with the calling thread in the team. */
  sortByKeySync(keys: AlgorithmView, values: AlgorithmView, options?: SortOptions): void {
    this.algorithms('sortByKeySync').sortByKeySync(keys, values, options)
  }
  /** Prefix sum (or min, max) of `src` into `dst` (may be `src`); resolves to the total. The same bits on any thread count. */
  async scan(src: AlgorithmView, dst: AlgorithmView, options?: ScanOptions): Promise<number> {
    return this.algorithms('scan').scan(src, dst, options)
  }
  /** scan with the calling thread in the team. */
  scanSync(src: AlgorithmView, dst: AlgorithmView, options?: ScanOptions): number {
    return this.algorithms('scanSync').scanSync(src, dst, options)
  }
  /** Copies src[i] where mask[i] !== 0 to the front of `dst`, in order; resolves to the count. */
  async compact(src: AlgorithmView, dst: AlgorithmView, mask: Uint8Array<ArrayBufferLike>, options?: AlgorithmOptions): Promise<number> {
    return this.algorithms('compact').compact(src, dst, mask, options)
  }
  /** compact with the calling thread in the team. */
  compactSync(src: AlgorithmView, dst: AlgorithmView, mask: Uint8Array<ArrayBufferLike>, options?: AlgorithmOptions): number {
    return this.algorithms('compactSync').compactSync(src, dst, mask, options)
  }
  /** Copies src[i] where `src[i] <op> value` to the front of `dst`, in order; resolves to the count. */
  async filter(src: AlgorithmView, dst: AlgorithmView, options: FilterOptions): Promise<number> {
    return this.algorithms('filter').filter(src, dst, options)
  }
  /** filter with the calling thread in the team. */
  filterSync(src: AlgorithmView, dst: AlgorithmView, options: FilterOptions): number {
    return this.algorithms('filterSync').filterSync(src, dst, options)
  }

  /**
   * Ends the engine gracefully: no new calls (later ones throw StateError),
   * the calls running and queued finish, then the workers end. Resolves once
   * they have; a Node process with nothing else to do then exits by itself.
   * A call that never finishes (a hung kernel without timeoutMs) keeps it
   * pending: terminate() ends it.
   */
  close(): Promise<void> {
    this.closed ??= 'close'
    this.closing ??= this.team.stop()
    return this.closing
  }

  /**
   * Ends the engine now (Python's Pool.terminate): every worker is stopped,
   * mid-kernel if need be, the running call and the queued ones reject with
   * AbortError naming terminate, later calls throw StateError. Resolves once
   * the workers have ended; a process with nothing else to do then exits.
   */
  async terminate(): Promise<void> {
    this.closed = 'terminate'
    await this.team.terminate()
  }
}
