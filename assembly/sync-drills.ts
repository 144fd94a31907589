// Kernels that exercise the wasm side of the sync primitives, so tests can
// drive them from JS and check them against the JS side on the same words.

import { latchCountDown } from "./sync/latch";
import { OK } from "./sync/layout";
import { semaphoreAcquire, semaphoreRelease } from "./sync/semaphore";

/**
 * Each index takes a permit of the semaphore at `semaphore` `rounds` times,
 * counting those inside in stats[0] and the most ever inside in stats[1].
 */
export function semaphoreRounds(semaphore: usize, stats: usize, rounds: i32, begin: i32, end: i32): void {
  for (let t = begin; t < end; t++) {
    for (let i = 0; i < rounds; i++) {
      if (semaphoreAcquire(semaphore, 5_000_000_000) != OK) abort("semaphore wait timed out");
      const inside = atomic.add<i32>(stats, 1) + 1;
      for (let peak = atomic.load<i32>(stats, 4); inside > peak; peak = atomic.load<i32>(stats, 4)) {
        if (atomic.cmpxchg<i32>(stats + 4, peak, inside) == peak) break;
      }
      atomic.sub<i32>(stats, 1);
      semaphoreRelease(semaphore, 1);
    }
  }
}

/** Each index counts the latch at `latch` down once. */
export function latchArrive(latch: usize, begin: i32, end: i32): void {
  for (let t = begin; t < end; t++) latchCountDown(latch, 1);
}
