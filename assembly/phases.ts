// Phased kernels that exist to test the engine's barrier: phases that must
// see each other's writes, and a member that traps or hangs before a barrier.

import { barrier, threadCount, threadIndex } from "./kernel";

/**
 * `rounds` times: each member writes round·(index + 1) to its slot, waits at
 * the barrier, checks every slot holds its round's value, waits again (so no
 * member overwrites a slot before all have read it). Writes to mismatches[index]
 * how many slots it read wrong: 0 when every phase saw all of the last one's writes.
 */
export function phaseRounds(slots: usize, mismatches: usize, rounds: i32): void {
  const me = threadIndex();
  const team = threadCount();
  let wrong = 0;
  for (let round = 1; round <= rounds; round++) {
    store<i32>(slots + (<usize>me << 2), round * (me + 1));
    barrier();
    for (let other = 0; other < team; other++) {
      if (load<i32>(slots + (<usize>other << 2)) != round * (other + 1)) wrong++;
    }
    barrier();
  }
  store<i32>(mismatches + (<usize>me << 2), wrong);
}

/**
 * Member `at` traps before the first barrier (kind 0: unreachable, 1: abort);
 * the others wait there, and past it bump `after`, which must stay 0.
 */
export function phasedTrap(at: i32, kind: i32, after: usize): void {
  if (threadIndex() == at) {
    if (kind == 0) unreachable();
    abort("phasedTrap asked to abort");
  }
  barrier();
  atomic.add<i32>(after, 1);
}

/**
 * Member `at` spins until the word at `flag` is set, then returns without
 * reaching the barrier the others wait at: only a cancelled call (an abort, a
 * timeout) lets them leave it.
 */
export function phasedHang(flag: usize, at: i32): void {
  if (threadIndex() == at) {
    while (atomic.load<i32>(flag) == 0) {}
    return;
  }
  barrier();
}
