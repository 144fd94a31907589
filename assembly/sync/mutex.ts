// A futex mutex (Drepper, "Futexes Are Tricky", mutex #2) with an owner word,
// on the layout of ./layout.ts. Uncontended lock and unlock are one CAS each;
// only a contended lock sleeps in atomic.wait.

import { MUTEX_OWNER, MUTEX_STATE, OK, TIMED_OUT } from "./layout";

// @ts-ignore: decorator
@inline function state(lock: usize): usize { return lock + (<usize>MUTEX_STATE << 2); }
// @ts-ignore: decorator
@inline function owner(lock: usize): usize { return lock + (<usize>MUTEX_OWNER << 2); }

/**
 * Takes the mutex at `lock` for `who` (a nonzero id unique among its users).
 * Each sleep lasts at most `timeoutNs` (-1: no limit); returns OK or TIMED_OUT.
 */
export function mutexLock(lock: usize, who: i32, timeoutNs: i64 = -1): i32 {
  let c = atomic.cmpxchg<i32>(state(lock), 0, 1);
  if (c != 0) {
    // Mark "maybe waited on" so the holder's unlock wakes someone.
    if (c != 2) c = atomic.xchg<i32>(state(lock), 2);
    while (c != 0) {
      if (atomic.wait<i32>(state(lock), 2, timeoutNs) == AtomicWaitResult.TIMED_OUT) return TIMED_OUT;
      c = atomic.xchg<i32>(state(lock), 2);
    }
  }
  atomic.store<i32>(owner(lock), who);
  return OK;
}

/** Takes the mutex only if it is free; true if taken. */
export function mutexTryLock(lock: usize, who: i32): bool {
  if (atomic.cmpxchg<i32>(state(lock), 0, 1) != 0) return false;
  atomic.store<i32>(owner(lock), who);
  return true;
}

/** Releases the mutex; aborts (a trap the engine reports) if `who` does not hold it. */
export function mutexUnlock(lock: usize, who: i32): void {
  if (atomic.load<i32>(owner(lock)) != who) abort("unlock of a mutex this thread does not hold");
  atomic.store<i32>(owner(lock), 0);
  // Release: the critical section's writes happen before the lock reads free.
  if (atomic.sub<i32>(state(lock), 1) != 1) {
    atomic.store<i32>(state(lock), 0);
    atomic.notify(state(lock), 1);
  }
}
