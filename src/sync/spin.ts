// How long a thread spins on a shared word before it sleeps in Atomics.wait:
// one budget for the team's idle workers and the barrier, the twin of
// SPIN_ROUNDS in assembly/sync/barrier.ts (test/kernels/layouts.test.ts).
//
// A wake-up from Atomics.wait costs tens of microseconds; a spinning thread
// sees a change in about one. But a spinner holds a core another thread may
// need, so it spins only this many loads (tens of µs on current x86 cores).

/** Loads of a shared word before sleeping. */
export const SPIN_ROUNDS = 20_000

/** Polls `changed` until it is true (returns true) or `ms` have passed (false): for waits measured in time, not loads. */
export function spinFor(changed: () => boolean, ms: number): boolean {
  const until = performance.now() + ms
  for (;;) {
    for (let i = 0; i < 64; i++) if (changed()) return true
    if (performance.now() >= until) return false
  }
}
