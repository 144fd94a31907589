// How an idle worker waits for the next region: spin, then sleep.
//
// A region that follows closely on the last (a loop of small parallelFor calls)
// should start in about a microsecond, which only a spinning worker can give: a
// worker asleep in Atomics.wait needs a futex wake-up, tens of microseconds. But
// a spinning worker burns a core the main thread may need, so it spins only for
// SPIN_ROUNDS loads after each region, then sleeps until GENERATION changes.
//
// No wake-up is lost: Atomics.wait(control, GENERATION, seen) compares and
// sleeps atomically, so a bump that lands between the last spin and the wait
// makes the wait return at once ("not-equal").

import { SPIN_ROUNDS } from '../sync/spin.js'
import { GENERATION, type ControlBlock } from '../region/control-block.js'


/** Returns the first GENERATION value other than `seen`, spinning first, then sleeping. */
export function awaitGeneration(block: ControlBlock, seen: number): number {
  for (let i = 0; i < SPIN_ROUNDS; i++) {
    const generation = block.generation
    if (generation !== seen) return generation
  }
  for (;;) {
    Atomics.wait(block.i32, GENERATION, seen)
    const generation = block.generation
    if (generation !== seen) return generation
  }
}
