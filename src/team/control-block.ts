// The control block: the one place in shared memory where the main side and the
// worker team meet. Layout in Int32 words; each hot word sits on its own 64-byte
// cache line so that spinning readers do not slow the writers of other words.
//
//   line     field                         written by                read by
//   ───────  ────────────────────────────  ────────────────────────  ──────────────
//   0        GENERATION  odd: writing,     main                      workers (wait)
//                        even: published
//            COMMAND     RUN | STOP        main                      workers
//   1        region descriptor             main, while GEN is odd    workers
//   2        NEXT        next unit         workers (add / CAS)       workers
//   3        DONE        units finished    workers (add)             workers
//            TRACE_TAIL  trace records     workers (add)             main (engine.trace)
//   4        COMPLETE    last gen done     worker finishing the      main (waitAsync)
//                                          last unit
//            COMPLETE_AT when it was done  (f64, same worker)        main (how long to poll)
//   5        CANCEL      skip the rest     main (abort), workers (trap)
//            ERROR_*     first trap (map:  trapping workers (ERROR_STATE
//                        lowest item)  as a lock)
//            TRACE, TRACE_CAPACITY  where chunk records go (0: tracing off)   main, once
//            CALLER      1: the caller is  main (descriptor)        workers
//                        the last member
//            PARK        +1 per region of  main                      a worker that sat
//                        every worker                                out (waits on it)
//   6        ACTIVE      workers inside    workers (add / sub)       main, before rewriting
//   7        LOG_TAIL    entries in the    workers (add)             main (map, tasks)
//                        completion log
//   8-9      ARGS        16 × f64          main                      workers
//   10-25    ERROR_TEXT  512 × u16         first trapping worker     main
//   26-281   CURSOR[w]   position in       worker w, then thieves    workers
//                        worker w's static share
//
// The protocol (README.md in this folder tells it in full): the main side makes
// GENERATION odd, waits until ACTIVE is 0, writes the descriptor, makes
// GENERATION even again and wakes the team. A worker joins by incrementing
// ACTIVE and then re-reading GENERATION; sequentially consistent Atomics make
// that a Dekker handshake, so no worker ever reads a half-written descriptor.

/** Words per cache line (64 bytes / 4). */
const LINE = 16

export const GENERATION = 0
export const COMMAND = 1

export const KERNEL = LINE + 0
export const ARG_COUNT = LINE + 1
export const MODE = LINE + 2
export const SCHEDULE = LINE + 3
export const UNITS = LINE + 4
export const UNIT_SIZE = LINE + 5
export const LENGTH = LINE + 6
export const CHUNK = LINE + 7
export const TEAM_SIZE = LINE + 8
export const PARTIALS = LINE + 9
export const PARTIAL_STRIDE = LINE + 10
/** Map and Tasks modes: byte addresses of the items (or task rows), the results, the completion log. */
export const ITEMS = LINE + 11
export const ARITY = LINE + 12
export const RESULTS = LINE + 13
export const LOG = LINE + 14
/** 1 when the main side waits for progress: workers then notify DONE after each chunk. */
export const WATCH = LINE + 15

export const NEXT = 2 * LINE
export const DONE = 3 * LINE
export const TRACE_TAIL = DONE + 1
export const COMPLETE = 4 * LINE
/** Float64 index: when the region became complete (ms since the epoch, performance.timeOrigin + now), written just before COMPLETE. */
export const COMPLETE_AT_F64 = (COMPLETE + 2) / 2

export const CANCEL = 5 * LINE
export const ERROR_STATE = CANCEL + 1
export const ERROR_WORKER = CANCEL + 2
export const ERROR_BEGIN = CANCEL + 3
export const ERROR_END = CANCEL + 4
export const ERROR_LENGTH = CANCEL + 5
export const TRACE = CANCEL + 6
export const TRACE_CAPACITY = CANCEL + 7
/** 1 when the calling thread takes part (a synchronous region) as member TEAM_SIZE − 1; that worker stays out. */
export const CALLER = CANCEL + 8
/** Bumped (and notified) with every region that needs every worker, and at STOP: where a worker that sat out a region sleeps. */
export const PARK = CANCEL + 9

export const ACTIVE = 6 * LINE
export const LOG_TAIL = 7 * LINE

/** Float64 index of the first argument slot. */
export const ARGS_F64 = (8 * LINE) / 2
export const MAX_ARGS = 16

/** Uint16 index of the first character of the error text, and its capacity. */
export const ERROR_TEXT_U16 = 10 * LINE * 2
export const ERROR_TEXT_CHARS = 512

/** Most workers a team can have: one cursor line each. */
export const MAX_TEAM = 256
/** Int32 index of worker w's static-share cursor. */
export const cursor = (worker: number): number => (26 + worker) * LINE

/** Size of the control block in bytes. */
export const CONTROL_BYTES = (26 + MAX_TEAM) * LINE * 4

export const enum Command { Run = 1, Stop = 2 }

/** How a worker calls the kernel for a chunk of units. */
export const enum Mode {
  /** parallelFor: one call per chunk, units are indices. */
  For = 0,
  /** reduce, scalar partial: one call per block, the return value goes to partials[block]. */
  ReduceReturn = 1,
  /** reduce, vector partial: one call per block, the kernel writes its block's slot. */
  ReduceSlot = 2,
  /** map: one call per item, results[i] = kernel(...items[i]); chunks go to the completion log. */
  Map = 3,
  /** tasks: one call per task row (any kernel, its own arguments); a failure fails only its row. */
  Tasks = 4,
}


export const enum Cancel { None = 0, Aborted = 1, Trapped = 2 }

/** ERROR_STATE: whether the ERROR_* fields hold a trap (a small lock: a map keeps its lowest trap). */
export const enum ErrorState { Empty = 0, Writing = 1, Written = 2 }

/** Views of one control block, made once per thread: the block never moves. */
export interface ControlViews {
  readonly i32: Int32Array
  readonly f64: Float64Array
  readonly u16: Uint16Array
}

/** Views of the control block at `address` (bytes, 64-aligned) in `buffer`. */
export function controlViews(buffer: ArrayBufferLike, address: number): ControlViews {
  return {
    i32: new Int32Array(buffer, address, CONTROL_BYTES / 4),
    f64: new Float64Array(buffer, address, CONTROL_BYTES / 8),
    u16: new Uint16Array(buffer, address, CONTROL_BYTES / 2),
  }
}

/** Writes `text` into `chars` (cut to fit); returns the length written. */
export function writeText(chars: Uint16Array, text: string): number {
  const length = Math.min(text.length, chars.length)
  for (let i = 0; i < length; i++) chars[i] = text.charCodeAt(i)
  return length
}

/** Writes `text` as the region's error message (truncated to fit). */
export function writeErrorText(views: ControlViews, text: string): void {
  views.i32[ERROR_LENGTH] = writeText(views.u16.subarray(ERROR_TEXT_U16, ERROR_TEXT_U16 + ERROR_TEXT_CHARS), text)
}

/** Reads the error message written by `writeErrorText`. */
export function readErrorText(views: ControlViews): string {
  const length = views.i32[ERROR_LENGTH]!
  return String.fromCharCode(...views.u16.subarray(ERROR_TEXT_U16, ERROR_TEXT_U16 + length))
}
