// A one-shot countdown latch on one word.

import { LATCH_COUNT, OK, TIMED_OUT } from "./layout";

/** Counts down by `count`; reaching 0 wakes every waiter. Below 0 aborts and changes nothing. */
export function latchCountDown(latch: usize, count: i32 = 1): void {
  const p = latch + (<usize>LATCH_COUNT << 2);
  for (;;) {
    const left = atomic.load<i32>(p);
    if (left - count < 0) abort("latch counted down below zero");
    if (atomic.cmpxchg<i32>(p, left, left - count) == left) {
      if (left - count == 0) atomic.notify(p);
      return;
    }
  }
}

/** Waits until the count is 0 (each sleep at most timeoutNs). */
export function latchWait(latch: usize, timeoutNs: i64 = -1): i32 {
  const p = latch + (<usize>LATCH_COUNT << 2);
  for (;;) {
    const left = atomic.load<i32>(p);
    if (left <= 0) return OK;
    if (atomic.wait<i32>(p, left, timeoutNs) == AtomicWaitResult.TIMED_OUT) return TIMED_OUT;
  }
  return unreachable();
}
