// One way to bound a wait by time: a promise raced against a timer that is
// always cleared, so a settled wait leaves no timer keeping a process alive.

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
