// Assertions the suites share: a promise that must reject, a call that must
// throw, each with the error's class and the words of its message.

import * as assert from 'uvu/assert'

type ErrorClass = new (...args: never[]) => Error

/** Asserts that `promise` rejects with an error of `Type` whose message matches `pattern`; returns the error. */
export async function rejects(promise: Promise<unknown>, Type: ErrorClass, pattern: RegExp): Promise<Error> {
  try {
    await promise
  } catch (error) {
    assert.instance(error, Type, `expected a ${Type.name}, got ${String(error)}`)
    assert.match((error as Error).message, pattern)
    return error as Error
  }
  return assert.unreachable(`expected a ${Type.name} matching ${pattern}`) as never
}

/** Asserts that `fn()` throws an error of `Type` whose message matches `pattern`. */
export function throws(fn: () => unknown, Type: ErrorClass, pattern: RegExp): void {
  assert.throws(fn, (error: Error) => error instanceof Type && pattern.test(error.message))
}

/** The error `promise` rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  return assert.unreachable('expected a rejection') as never
}
