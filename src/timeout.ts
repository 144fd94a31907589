// Time bounds, checked one way and raced one way. Two kinds, on purpose:
// a call's `timeoutMs` stops work (it must be at least 1 ms), a wait's only
// stops waiting (0 means "only if ready now"; Infinity or none, no bound).
// Both stay below 2^31 ms, where setTimeout fires at once.

import { rangeError, typeError } from './errors.js'

/** Largest delay setTimeout keeps its word for (ms). */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Checks a call's time bound: undefined (none) or ms in [1, 2^31). */
export function checkTimeoutMs(timeoutMs: unknown, what = 'options.timeoutMs'): number | undefined {
  if (timeoutMs === undefined) return undefined
  if (typeof timeoutMs !== 'number') throw typeError(what, 'a number of ms', timeoutMs)
  if (!(timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS)) throw rangeError(what, 'a number of ms in [1, 2^31)', timeoutMs)
  return timeoutMs
}

/** Checks a wait's bound: undefined or Infinity (none), or ms in [0, 2^31). */
export function checkWaitMs(timeoutMs: unknown, what: string): number | undefined {
  if (timeoutMs === undefined || timeoutMs === Infinity) return undefined
  if (typeof timeoutMs !== 'number') throw typeError(what, 'a number of ms', timeoutMs)
  if (!(timeoutMs >= 0 && timeoutMs <= MAX_TIMER_MS)) throw rangeError(what, 'a number of ms in [0, 2^31), or Infinity', timeoutMs)
  return timeoutMs
}

/** `promise`, or `makeError()` as a rejection once `ms` have passed first. */
export async function raceTimeout<T>(promise: Promise<T>, ms: number, makeError: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(makeError()), ms) })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
