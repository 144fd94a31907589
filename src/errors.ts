// Every error sabre raises on purpose comes from here, so messages share one voice.

/** A region or wait was cancelled through an AbortSignal. */
export class AbortError extends Error {
  override name = 'AbortError'
  constructor(message = 'the operation was aborted', options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** Something did not finish within its time limit. */
export class TimeoutError extends Error {
  override name = 'TimeoutError'
}

/** A kernel trapped (unreachable, out-of-bounds access, abort) while running a chunk. */
export class KernelError extends Error {
  override name = 'KernelError'
  constructor(
    message: string,
    /** The kernel's name. */
    readonly kernel: string,
    /** The index range of the chunk that trapped, [begin, end); undefined for one call of runAll (Executor, Process). */
    readonly range: readonly [number, number] | undefined,
    /** The team index of the member that ran it (a synchronous region's caller is the last). */
    readonly worker: number,
    /** What the kernel's trap said: `RuntimeError: unreachable`, `abort: negative input`. */
    readonly trap: string,
  ) {
    super(message)
  }
}

/**
 * A call the object's state does not allow: an engine or pool used after it
 * was closed, a process started twice, a synchronous call while async ones
 * are pending. The object itself is fine; the order of calls is not.
 */
export class StateError extends Error {
  override name = 'StateError'
}

/** A future was cancelled before it started. */
export class CancelledError extends Error {
  override name = 'CancelledError'
}

/** A function in a JsPool's module failed on an item. */
export class TaskError extends Error {
  override name = 'TaskError'
  constructor(message: string, /** The index of the failing item (0 for apply). */ readonly item: number) {
    super(message)
  }
}

/**
 * A lock's holder died while holding it: whatever the lock guards may be
 * half-updated. Mutex.recover() frees the lock once the data is checked.
 */
export class AbandonedLockError extends Error {
  override name = 'AbandonedLockError'
  constructor(message: string, /** The owner id the dead holder wrote. */ readonly owner: number) {
    super(message)
  }
}

/**
 * This page or runtime cannot share memory between threads: in browsers,
 * SharedArrayBuffer exists only on cross-origin isolated pages.
 */
export class IsolationError extends Error {
  override name = 'IsolationError'
}

/** A worker thread died or failed to start: the engine can no longer run regions. */
export class WorkerError extends Error {
  override name = 'WorkerError'
}

/** A job failed on every attempt (or for good: a kernel error). Its record is in the queue's dead-letter list. */
export class ClusterJobError extends Error {
  override name = 'ClusterJobError'
  constructor(message: string, /** The job's index in its map or reduce. */ readonly job: number) {
    super(message)
  }
}

/**
 * Redis could not be reached: at connect, within `connectTimeoutMs`; or, on a
 * producer, the connection was down for longer than that mid-run.
 */
export class ClusterConnectionError extends Error {
  override name = 'ClusterConnectionError'
  constructor(message: string, /** The Redis URL, password hidden. */ readonly url: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** One problem in a kernel source: where (1-based) and what. */
export interface SourceProblem {
  readonly line: number
  readonly column: number
  readonly message: string
}

/**
 * compileKernels found problems in a kernel source: every one of them, each
 * as file:line:column and what is wrong, so an editor or a terminal can jump
 * to it.
 */
export class CompileError extends Error {
  override readonly name = 'CompileError'

  constructor(
    /** The source file, absolute. */
    readonly file: string,
    /** Every problem found, in source order. */
    readonly problems: readonly SourceProblem[],
    /** asc's own output, when the problems came from the compiler. */
    readonly compilerOutput?: string,
  ) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n'))
  }
}

/** Bad command-line use of the sabre command: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * A docs page (`browser.md#missing-files`) as an absolute URL, for a message
 * to link: the package ships no docs/, so a relative path would name a file
 * the user does not have. The repository is package.json's.
 */
export const docsUrl = (page: string): string => `https://github.com/sabre-js/sabre/blob/main/docs/${page}`

/** An error as one line for a message that crosses threads: `RangeError: negative input`. */
export const errorLine = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

/** Describes a value for an error message: `1.5`, `"x"`, `a Float64Array`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'undefined') return 'undefined'
  if (typeof value === 'function') return 'a function'
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length?: number }).length ?? value.byteLength}`
  if (Array.isArray(value)) return `an array of length ${value.length}`
  return `a ${(value as object).constructor?.name ?? 'object'}`
}

/** How a call names its options: `optional?` and `required` names, as in `{ redis, queue?, attempts? }`. */
const optionShape = (names: readonly string[], required: readonly string[]): string =>
  `{ ${names.map((name) => (required.includes(name) ? name : `${name}?`)).join(', ')} }`

/** An option `key` may have meant: the same letters in another case, or a longer or shorter form (`chunk`, `chunksize`). */
function nearOption(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  return names.find((name) => {
    const other = name.toLowerCase()
    return other === lower || (Math.min(other.length, lower.length) >= 4 && (other.startsWith(lower) || lower.startsWith(other)))
  })
}

/**
 * Checks that `options` is an object whose keys are all in `names`, at the
 * public boundary of `call` (`Pool.map`, `Engine.start`): a key not in
 * `names` is a TypeError naming it, the call and the keys it takes, so a
 * misspelt or unsupported option is never silently ignored. `what` names the
 * value in the message for a non-object (default `<call> options`);
 * `required` names are shown without `?` (their values are the caller's to check).
 */
export function checkOptions<T>(options: T, names: readonly string[], call: string,
  { what = `${call} options`, required = [] }: { what?: string; required?: readonly string[] } = {}): T {
  // The shape is spelt only for a message: this check runs on every call, and a small region costs a few µs.
  if (options === null || typeof options !== 'object') throw typeError(what, `an object ${optionShape(names, required)}`, options)
  for (const key in options) {
    if (!Object.hasOwn(options, key) || names.includes(key)) continue
    const near = nearOption(key, names)
    throw new TypeError(`${call} has no option ${JSON.stringify(key)}: its options are ${optionShape(names, required)}${near ? ` (did you mean "${near}"?)` : ''}`)
  }
  return options
}

export const typeError = (what: string, expected: string, got: unknown): TypeError =>
  new TypeError(`${what} must be ${expected}, got ${describe(got)}`)

export const rangeError = (what: string, expected: string, got: unknown): RangeError =>
  new RangeError(`${what} must be ${expected}, got ${describe(got)}`)

/** A call on an engine after close() or terminate(): `engine.alloc() called after engine.close(): start a new engine`. */
export const closedError = (operation: string, by: 'close' | 'terminate' = 'close'): StateError =>
  new StateError(`engine.${operation}() called after engine.${by}(): start a new engine`)
