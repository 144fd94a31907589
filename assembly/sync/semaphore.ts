// A counting semaphore on one word of permits.

import { OK, SEMAPHORE_PERMITS, TIMED_OUT } from "./layout";

/** Takes one permit, sleeping while there are none (each sleep at most timeoutNs). */
export function semaphoreAcquire(semaphore: usize, timeoutNs: i64 = -1): i32 {
  const p = semaphore + (<usize>SEMAPHORE_PERMITS << 2);
  for (;;) {
    const permits = atomic.load<i32>(p);
    if (permits > 0) {
      if (atomic.cmpxchg<i32>(p, permits, permits - 1) == permits) return OK;
      continue;
    }
    if (atomic.wait<i32>(p, permits, timeoutNs) == AtomicWaitResult.TIMED_OUT) return TIMED_OUT;
  }
  return unreachable();
}

/** Returns `count` permits and wakes as many sleepers. */
export function semaphoreRelease(semaphore: usize, count: i32 = 1): void {
  const p = semaphore + (<usize>SEMAPHORE_PERMITS << 2);
  atomic.add<i32>(p, count);
  atomic.notify(p, count);
}
