// The engine's options and the checks at its public boundary: every option
// of Engine.start and of a region is checked here, once, with messages that
// name the value and what was expected.

import { checkOptions, rangeError, typeError } from '../errors.js'
import { checkTimeoutMs } from '../timeout.js'
import type { KernelDescription } from '../kernels/kernel-set.js'
import type { KernelName } from '../kernels/catalog.js'
import type { KernelTable } from '../kernels/signatures.js'
import { MAX_BYTES, type TypedArray } from '../memory/shared-memory.js'
import { SCHEDULES, type ScheduleName } from '../region/schedule.js'
import type { CallOutcome } from './task-rows.js'

export interface EngineOptions<T extends KernelTable = Readonly<Record<string, KernelDescription>>> {
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
  /** Record every chunk (worker, kernel, range, start and end) for engine.trace(); a number sets the capacity in records (default 100 000). */
  readonly trace?: boolean | number
  /**
   * Your own kernel module instead of the built-in one (README, "Your own
   * kernels"): the compiled wasm and a description of each kernel.
   */
  readonly module?: {
    readonly wasm: WebAssembly.Module | BufferSource | URL
    readonly kernels: T
  }
}

export interface MapOptions {
  /** Items per chunk: one claim by one worker (Python's chunksize; default items / (4 · threads)). */
  readonly chunk?: number
  /** Aborting skips the chunks not yet started and rejects with AbortError. */
  readonly signal?: AbortSignal
  /** Called on the main thread for each completed chunk, in completion order. */
  readonly onChunk?: (begin: number, end: number, results: Float64Array) => void
  /** Items are tuples even for a one-argument kernel (starmap). */
  readonly tuples?: boolean
  /**
   * Rejects with TimeoutError if the call runs longer (ms), and replaces the
   * workers, since a hung kernel cannot be stopped any other way.
   */
  readonly timeoutMs?: number
}

/** A kernel of your own module (Engine.start({ module })): any name it describes. */
export type CustomKernel = string & {}

/** One call for runAll: an item kernel and its arguments, or a range kernel and its arguments then begin, end. */
export interface KernelCall {
  readonly kernel: KernelName | CustomKernel
  readonly args?: readonly KernelArg[]
}

export type { CallOutcome }

export interface RunAllOptions {
  /** Aborting skips the calls not yet started; they reject with AbortError. */
  readonly signal?: AbortSignal
  /** Called on the main thread as each call settles, in completion order. */
  readonly onSettle?: (index: number, outcome: CallOutcome) => void
  /**
   * Rejects with TimeoutError if the call runs longer (ms), and replaces the
   * workers, since a hung kernel cannot be stopped any other way.
   */
  readonly timeoutMs?: number
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
  /**
   * Rejects with TimeoutError if the call runs longer (ms), and replaces the
   * workers, since a hung kernel cannot be stopped any other way.
   */
  readonly timeoutMs?: number
}

/** An argument to a kernel: a number, or a view from engine.alloc (passed as its address). */
export type KernelArg = number | TypedArray

const DEFAULT_INITIAL_BYTES = 16 * 2 ** 20
const DEFAULT_MAXIMUM_BYTES = 2 ** 30
const DEFAULT_START_TIMEOUT_MS = 10_000
/** Trace records kept when Engine.start({ trace: true }) names no capacity. */
export const DEFAULT_TRACE_RECORDS = 100_000

/** The options each engine call takes: an option not listed is a TypeError naming it (errors.ts checkOptions). */
export const OPTION_NAMES = {
  start: ['threads', 'memory', 'startTimeoutMs', 'trace', 'module'],
  memory: ['initialBytes', 'maximumBytes'],
  region: ['schedule', 'chunk', 'signal', 'timeoutMs'],
  map: ['chunk', 'signal', 'onChunk', 'tuples', 'timeoutMs'],
  runAll: ['signal', 'onSettle', 'timeoutMs'],
  parallel: ['signal', 'timeoutMs'],
} as const satisfies Record<string, readonly string[]>

export function checkStartOptions(options: unknown, cores: number): Required<Omit<EngineOptions, 'module'>> & { memory: Required<NonNullable<EngineOptions['memory']>> } {
  const { threads = cores, memory = {}, startTimeoutMs = DEFAULT_START_TIMEOUT_MS, trace = false } = checkOptions(options as EngineOptions, OPTION_NAMES.start, 'Engine.start')
  if (typeof trace !== 'boolean' && !(Number.isInteger(trace) && trace >= 1 && trace <= 2 ** 24)) {
    throw typeError('trace', 'true, false or a capacity in records (an integer in [1, 2^24])', trace)
  }
  if (typeof threads !== 'number') throw typeError('threads', 'an integer >= 1', threads)
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw rangeError('threads', 'an integer in [1, 256]', threads)
  checkOptions(memory, OPTION_NAMES.memory, 'Engine.start memory', { what: 'memory' })
  const { initialBytes = DEFAULT_INITIAL_BYTES, maximumBytes = Math.max(DEFAULT_MAXIMUM_BYTES, initialBytes) } = memory
  for (const [name, value] of [['memory.initialBytes', initialBytes], ['memory.maximumBytes', maximumBytes]] as const) {
    if (typeof value !== 'number') throw typeError(name, 'a number of bytes', value)
    if (!Number.isInteger(value) || value < 65_536 || value > MAX_BYTES) throw rangeError(name, `an integer in [65536, ${MAX_BYTES}] bytes`, value)
  }
  if (maximumBytes < initialBytes) throw rangeError('memory.maximumBytes', `>= memory.initialBytes (${initialBytes})`, maximumBytes)
  if (typeof startTimeoutMs !== 'number') throw typeError('startTimeoutMs', 'a number of ms', startTimeoutMs)
  // setTimeout fires at once for delays of 2^31 ms or more.
  if (!(startTimeoutMs >= 1 && startTimeoutMs <= 2 ** 31 - 1)) throw rangeError('startTimeoutMs', 'a number of ms in [1, 2^31)', startTimeoutMs)
  return { threads, memory: { initialBytes, maximumBytes }, startTimeoutMs, trace }
}

/**
 * Checks a call's region options: `call` (`engine.reduce`) names it in
 * messages, and `names` are the options it takes (a region's by default;
 * map and runAll take some of these and others they check themselves).
 */
export function checkRegionOptions(options: unknown, call: string, names: readonly string[] = OPTION_NAMES.region): { schedule: ScheduleName; chunk: number | undefined; signal: AbortSignal | undefined; timeoutMs: number | undefined } {
  const { schedule = 'dynamic', chunk, signal, timeoutMs } = checkOptions(options as RegionOptions, names, call)
  if (!SCHEDULES.includes(schedule)) throw typeError('options.schedule', `one of ${SCHEDULES.map((s) => `'${s}'`).join(', ')}`, schedule)
  if (chunk !== undefined) {
    if (typeof chunk !== 'number') throw typeError('options.chunk', 'an integer >= 1', chunk)
    if (!Number.isInteger(chunk) || chunk < 1 || chunk > 2 ** 31 - 1) throw rangeError('options.chunk', 'an integer in [1, 2^31)', chunk)
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('options.signal', 'an AbortSignal', signal)
  checkTimeoutMs(timeoutMs)
  return { schedule, chunk, signal, timeoutMs }
}
