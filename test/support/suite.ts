// uvu's suite with a failing `before` hook made a failure. uvu 0.5.6 (its
// last release) runs the before hooks inside a try whose `finally` returns the
// suite's totals, which drops the hook's error: the suite prints "(0 / 5)",
// no error, and the process exits 0 (lukeed/uvu#80 and #191; the fix, #196,
// never landed). Every suite with a before hook that can fail (start an
// engine, a browser, Redis, a compile) is made here instead: the hook's error
// is kept, and each test of the suite fails with it, so uvu prints it and
// exits 1. The after hooks still run, to clean up what the before hook did
// start; one that trips over what it did not start is reported, but the
// before hook's error is the one the tests fail with.

import { suite as uvuSuite, type Callback, type Test } from 'uvu'

/** uvu's `suite(name, state)` (the same default context), with a throwing before hook failing every test of the suite. */
export function suite<State = Record<string, any>>(name: string, state?: State): Test<State> {
  const test = uvuSuite<State>(name, state)
  const { before, after } = test
  let failure: Error | undefined
  let told = false
  // Registered first, so it runs ahead of the suite's own before.each hooks.
  before.each(() => {
    if (!failure) return
    const error = new Error(`the before hook of suite "${name}" failed, so this test did not run: ${failure.message}`, { cause: failure })
    // uvu prints a failure's stack: the first test shows where the hook threw, the others only the message.
    error.stack = told ? error.message : `${error.message}\n${failure.stack?.split('\n').slice(1).join('\n') ?? ''}`
    told = true
    throw error
  })
  test.before = Object.assign((hook: Callback<State>) => before(async (context) => {
    if (failure) return // as uvu: the hooks after a failed one do not run
    try {
      await hook(context)
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
  }), { each: before.each })
  test.after = Object.assign((hook: Callback<State>) => after(async (context) => {
    try {
      await hook(context)
    } catch (error) {
      if (!failure) throw error
      console.error(`suite "${name}": an after hook failed too, after its before hook had: ${(error as Error)?.stack ?? String(error)}`)
    }
  }), { each: after.each })
  return test
}
