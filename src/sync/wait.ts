// Waiting on a shared Int32 word with a deadline: Atomics.wait where blocking
// is allowed (workers), Atomics.waitAsync where it is not (the main thread).

import { TimeoutError } from '../errors.js'
import { checkWaitMs } from '../timeout.js'
import { onMainThread } from '../platform/platform.js'

/** A deadline in performance.now() ms for a timeout in ms (Infinity: none). */
export function deadline(timeoutMs: number | undefined, what: string): number {
  const bound = checkWaitMs(timeoutMs, `${what} timeoutMs`)
  return bound === undefined ? Infinity : performance.now() + bound
}

/** Refuses to block the main thread, naming the async method to use instead. */
export function assertMayBlock(what: string, instead: string): void {
  if (onMainThread) throw new TypeError(`${what} would block the main thread: call ${instead}() there`)
}

/** Sleeps while view[index] === value, until woken or `until`; false if the deadline passed. */
export function sleep(view: Int32Array, index: number, value: number, until: number): boolean {
  const remaining = until - performance.now()
  if (remaining <= 0) return false
  return Atomics.wait(view, index, value, remaining === Infinity ? undefined : remaining) !== 'timed-out'
}

/** sleep() for the main thread: never blocks. */
export async function sleepAsync(view: Int32Array, index: number, value: number, until: number): Promise<boolean> {
  const remaining = until - performance.now()
  if (remaining <= 0) return false
  const result = Atomics.waitAsync(view, index, value, remaining === Infinity ? undefined : remaining)
  if (!result.async) return result.value !== 'timed-out'
  // A pending waitAsync does not keep Node's event loop alive: without this
  // timer a process whose only work is a timed wait would exit mid-wait. V8
  // may time the wait out a little after a libuv timer of the same length
  // fires, so the timer outlives it by a margin and is cleared on wake-up.
  const keepAlive = remaining === Infinity ? undefined : setTimeout(() => {}, remaining + 1000)
  try {
    return (await result.value) !== 'timed-out'
  } finally {
    clearTimeout(keepAlive)
  }
}

export const timedOut = (what: string, timeoutMs: number | undefined): TimeoutError =>
  new TimeoutError(`${what} timed out after ${timeoutMs} ms`)
