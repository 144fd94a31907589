// A reusable barrier: STATE packs (phase << 16 | arrived) in one word, so an
// arrival and a timed-out withdrawal are single CASes that cannot confuse
// phases. PARTIES is set once by the creator.

import { BARRIER_ARRIVED_BITS, BARRIER_PARTIES, BARRIER_STATE, OK, TIMED_OUT } from "./layout";

const ARRIVED_MASK: i32 = (1 << BARRIER_ARRIVED_BITS) - 1;

/** Loads of STATE before sleeping: parties that arrive close together leave together, without a futex wake-up. */
const SPIN_ROUNDS: i32 = 20_000;

/**
 * Waits until all parties have arrived at `barrier`. Returns OK, or TIMED_OUT
 * after withdrawing this arrival (the phase did not complete).
 */
export function barrierWait(barrier: usize, timeoutNs: i64 = -1): i32 {
  const statePtr = barrier + (<usize>BARRIER_STATE << 2);
  const parties = atomic.load<i32>(barrier + (<usize>BARRIER_PARTIES << 2));
  if (parties < 1) abort("barrier has no parties: create it with at least 1");
  let s: i32;
  for (;;) {
    s = atomic.load<i32>(statePtr);
    const arrived = (s & ARRIVED_MASK) + 1;
    if (arrived == parties) {
      // Last to arrive: next phase, nobody arrived yet; wake everyone.
      const next = ((s >>> BARRIER_ARRIVED_BITS) + 1) << BARRIER_ARRIVED_BITS;
      if (atomic.cmpxchg<i32>(statePtr, s, next) == s) {
        atomic.notify(statePtr);
        return OK;
      }
    } else if (atomic.cmpxchg<i32>(statePtr, s, s + 1) == s) {
      break;
    }
  }
  const phase = s >>> BARRIER_ARRIVED_BITS;
  for (let i = 0; i < SPIN_ROUNDS; i++) {
    if ((atomic.load<i32>(statePtr) >>> BARRIER_ARRIVED_BITS) != phase) return OK;
  }
  for (;;) {
    const now = atomic.load<i32>(statePtr);
    if ((now >>> BARRIER_ARRIVED_BITS) != phase) return OK;
    if (atomic.wait<i32>(statePtr, now, timeoutNs) == AtomicWaitResult.TIMED_OUT) {
      // Withdraw, unless the phase completed meanwhile.
      const again = atomic.load<i32>(statePtr);
      if ((again >>> BARRIER_ARRIVED_BITS) != phase) return OK;
      if (atomic.cmpxchg<i32>(statePtr, again, again - 1) == again) return TIMED_OUT;
    }
  }
  return unreachable();
}
