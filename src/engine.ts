// Engine: the public face of sabre. A thin facade over the shared memory, the
// kernel catalog and the worker team; it validates every call at the boundary.

import { closedError, rangeError, typeError } from './errors.js'
import { checkLength, marshalArguments } from './kernels/arguments.js'
import {
  kernelNames, kernels, type ForKernel, type KernelName, type KernelSpec, type ReduceKernel,
  type ReduceResult, type ReduceSpec,
} from './kernels/catalog.js'
import { builtinModule, heapBase } from './kernels/module.js'
import { createMemory, MAX_BYTES, SharedMemory, type ElementType, type SharedView, type TypedArray } from './memory/shared-memory.js'
import { CONTROL_BYTES, Mode } from './team/control-block.js'
import { partitionFor, partitionReduce } from './team/partition.js'
import { SCHEDULES, scheduleCode, type ScheduleName } from './team/schedule.js'
import { Team } from './team/team.js'

export interface EngineOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly threads?: number
  readonly memory?: {
    /** Bytes to start with (default 16 MiB); memory grows as alloc needs it. */
    readonly initialBytes?: number
    /** Bytes memory may grow to (default 1 GiB, at most 4 GiB). */
    readonly maximumBytes?: number
  }
  /** Limit for spawning and booting all workers, in ms (default 10 000). */
  readonly startTimeoutMs?: number
}

export interface RegionOptions {
  /** How indices are shared out (default 'dynamic'). See README, "Schedules". */
  readonly schedule?: ScheduleName
  /**
   * parallelFor: indices per chunk. reduce: indices per block, the unit of
   * partial results (the result depends on it, never on threads or schedule).
   */
  readonly chunk?: number
  /** Aborting skips the chunks not yet started and rejects with AbortError. */
  readonly signal?: AbortSignal
}

/** An argument to a kernel: a number, or a view from engine.alloc (passed as its address). */
export type KernelArg = number | TypedArray

const DEFAULT_INITIAL_BYTES = 16 * 2 ** 20
const DEFAULT_MAXIMUM_BYTES = 2 ** 30
const DEFAULT_START_TIMEOUT_MS = 10_000

/** Logical cores the runtime offers this program (Node: os.availableParallelism; browsers: hardwareConcurrency). */
export async function availableParallelism(): Promise<number> {
  if (typeof process !== 'undefined' && process.versions?.node !== undefined) {
    const os = await import('node:os')
    return os.availableParallelism()
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
  return Math.max(1, nav?.hardwareConcurrency ?? 1)
}

function checkStartOptions(options: unknown, cores: number): Required<EngineOptions> & { memory: Required<NonNullable<EngineOptions['memory']>> } {
  if (options === null || typeof options !== 'object') throw typeError('Engine.start options', 'an object', options)
  const { threads = cores, memory = {}, startTimeoutMs = DEFAULT_START_TIMEOUT_MS } = options as EngineOptions
  if (typeof threads !== 'number') throw typeError('threads', 'an integer >= 1', threads)
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw rangeError('threads', 'an integer in [1, 256]', threads)
  if (memory === null || typeof memory !== 'object') throw typeError('memory', 'an object { initialBytes?, maximumBytes? }', memory)
  const { initialBytes = DEFAULT_INITIAL_BYTES, maximumBytes = Math.max(DEFAULT_MAXIMUM_BYTES, initialBytes) } = memory
  for (const [name, value] of [['memory.initialBytes', initialBytes], ['memory.maximumBytes', maximumBytes]] as const) {
    if (typeof value !== 'number') throw typeError(name, 'a number of bytes', value)
    if (!Number.isInteger(value) || value < 65_536 || value > MAX_BYTES) throw rangeError(name, `an integer in [65536, ${MAX_BYTES}] bytes`, value)
  }
  if (maximumBytes < initialBytes) throw rangeError('memory.maximumBytes', `>= memory.initialBytes (${initialBytes})`, maximumBytes)
  if (typeof startTimeoutMs !== 'number' || !(startTimeoutMs > 0)) throw typeError('startTimeoutMs', 'a positive number of ms', startTimeoutMs)
  return { threads, memory: { initialBytes, maximumBytes }, startTimeoutMs }
}

function checkRegionOptions(options: unknown): { schedule: ScheduleName; chunk?: number; signal?: AbortSignal } {
  if (options === null || typeof options !== 'object') throw typeError('options', 'an object { schedule?, chunk?, signal? }', options)
  const { schedule = 'dynamic', chunk, signal } = options as RegionOptions
  if (!SCHEDULES.includes(schedule)) throw typeError('options.schedule', `one of ${SCHEDULES.map((s) => `'${s}'`).join(', ')}`, schedule)
  if (chunk !== undefined) {
    if (typeof chunk !== 'number') throw typeError('options.chunk', 'an integer >= 1', chunk)
    if (!Number.isInteger(chunk) || chunk < 1 || chunk > 2 ** 31 - 1) throw rangeError('options.chunk', 'an integer in [1, 2^31)', chunk)
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('options.signal', 'an AbortSignal', signal)
  return { schedule, ...(chunk !== undefined && { chunk }), ...(signal && { signal }) }
}

function lookUp(kernel: unknown, operation: 'parallelFor' | 'reduce'): KernelSpec & { id: number } {
  if (typeof kernel !== 'string') throw typeError('kernel', 'a kernel name (string)', kernel)
  const id = kernelNames.indexOf(kernel as KernelName)
  if (id === -1) throw rangeError('kernel', `one of ${kernelNames.join(', ')}`, kernel)
  const spec: KernelSpec = kernels[kernel as KernelName]
  if (operation === 'parallelFor' && spec.reduce) throw new TypeError(`kernel ${kernel} is a reduction: call engine.reduce`)
  if (operation === 'reduce' && !spec.reduce) throw new TypeError(`kernel ${kernel} is not a reduction: call engine.parallelFor`)
  return { ...spec, id }
}

const identities = { sum: 0, min: Infinity, max: -Infinity } as const
const combiners = { sum: (a: number, b: number) => a + b, min: Math.min, max: Math.max } as const

export class Engine {
  private closed = false

  private constructor(
    /** Worker threads in the team. */
    readonly threads: number,
    private readonly memory: SharedMemory,
    private readonly team: Team,
  ) {}

  /** Compiles (once per process) the kernel module, creates the shared memory and boots the workers. */
  static async start(options: EngineOptions = {}): Promise<Engine> {
    const { threads, memory: size, startTimeoutMs } = checkStartOptions(options, await availableParallelism())
    const module = await builtinModule()
    const wasmMemory = createMemory(size.initialBytes, size.maximumBytes)
    const memory = new SharedMemory(wasmMemory, await heapBase(module, wasmMemory), size.maximumBytes)
    const control = memory.arena.allocate(CONTROL_BYTES).address
    const team = await Team.start({ threads, module, memory: wasmMemory, control, kernels: kernelNames, startTimeoutMs })
    return new Engine(threads, memory, team)
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

  /** Bytes of shared memory currently allocated by alloc (and the engine's own 64-byte-aligned blocks). */
  get allocatedBytes(): number {
    return this.memory.arena.usedBytes
  }

  /**
   * Runs `kernel` over indices [0, n), split into chunks across the workers;
   * resolves when every chunk has run. Rejects with TypeError/RangeError for
   * bad input, KernelError if the kernel traps, AbortError if `signal` fires.
   */
  async parallelFor(kernel: ForKernel, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): Promise<void> {
    if (this.closed) throw closedError('parallelFor')
    const spec = lookUp(kernel, 'parallelFor')
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal } = checkRegionOptions(options)
    if (length === 0) return
    const code = scheduleCode(schedule)
    await this.team.run({
      kernel: spec.id, name: spec.name, args: values, mode: Mode.For, schedule: code,
      ...partitionFor(length, this.threads, code, chunk), length, partials: 0, stride: 0, signal,
    })
  }

  /**
   * Reduces `kernel` over indices [0, n): each block of `chunk` indices gives a
   * partial result, and partials combine in block order, so the result is
   * bit-identical for any thread count and schedule.
   */
  async reduce<K extends ReduceKernel>(kernel: K, n: number, args: readonly KernelArg[] = [], options: RegionOptions = {}): Promise<ReduceResult<K>> {
    if (this.closed) throw closedError('reduce')
    const spec = lookUp(kernel, 'reduce')
    const reduce = spec.reduce as ReduceSpec<ReduceResult<K>>
    const length = checkLength(spec, n)
    const values = marshalArguments(spec, length, args, this.memory)
    const { schedule, chunk, signal } = checkRegionOptions(options)
    const width = reduce.partial === 'return' ? 1 : reduce.partial.width
    const lanes = Float64Array.from({ length: width }, (_, i) => identities[reduce.ops[i % reduce.ops.length]!])
    if (length === 0) return reduce.finish(lanes)

    const code = scheduleCode(schedule)
    const partition = partitionReduce(length, code, chunk)
    const PartialType = reduce.partial !== 'return' && reduce.partial.type === 'u32' ? Uint32Array : Float64Array
    const stride = width * PartialType.BYTES_PER_ELEMENT
    const block = this.memory.arena.allocate(partition.units * stride)
    try {
      await this.team.run({
        kernel: spec.id, name: spec.name, args: values,
        mode: reduce.partial === 'return' ? Mode.ReduceReturn : Mode.ReduceSlot,
        schedule: code, ...partition, length, partials: block.address, stride, signal,
      })
      const partials: ArrayLike<number> = PartialType === Uint32Array
        ? new Uint32Array(this.memory.buffer(), block.address, partition.units * width)
        : new Float64Array(this.memory.buffer(), block.address, partition.units * width)
      const ops = Array.from({ length: width }, (_, i) => combiners[reduce.ops[i % reduce.ops.length]!])
      for (let unit = 0, k = 0; unit < partition.units; unit++) {
        for (let lane = 0; lane < width; lane++, k++) lanes[lane] = ops[lane]!(lanes[lane]!, partials[k]!)
      }
      return reduce.finish(lanes)
    } finally {
      this.memory.arena.release(block.address)
    }
  }

  /** Stops every worker. Later calls reject; a Node process with no other work then exits by itself. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.team.stop()
  }
}
