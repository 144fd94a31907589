// Phased regions (OpenMP's `parallel` with `barrier`): every member runs the
// kernel once, and the kernel calls threadIndex(), threadCount() and
// barrier(), which it imports from "sabre" (assembly/kernel.ts declares them).
// Each member's instance gets its own PhaseContext's functions as those
// imports, so the barrier below is the one implementation every member runs,
// wasm kernels and JS alike.
//
// The barrier word (control-block.ts, BARRIER) packs three fields, so that an
// arrival, the last arrival's release and a break are each one atomic step:
//
//     31       30 ........ 16   15 ......... 0
//   [ broken | phase (15 bits) | arrived        ]
//
// A member arrives with a CAS (arrived + 1); the last one to arrive instead
// moves to the next phase with arrived 0 and notifies: the phase is the
// barrier's sense, reversed at each completion, so one word serves every
// barrier of the region. Waiters spin, then sleep in Atomics.wait on the word
// until its phase changes. A break (cancelWith: a trap, an abort, a deadline)
// sets the broken bit and notifies; a waiter that sees it leaves the kernel by
// throwing RELEASED, which unwinds the wasm frames to runPhase.

import { BARRIER, BARRIER_BROKEN, Cancel, type ControlBlock } from './control-block.js'
import { teamSizeOf } from './descriptor.js'
import type { PhaseImports } from '../kernels/instance.js'
import { SPIN_ROUNDS } from '../sync/spin.js'

const ARRIVED_BITS = 16
const ARRIVED_MASK = (1 << ARRIVED_BITS) - 1
const PHASE_MASK = ~BARRIER_BROKEN & ~ARRIVED_MASK

/** Thrown through a kernel by barrier() when the region was cancelled: not a trap of its own. */
export const RELEASED: unique symbol = Symbol('released from a broken barrier')

/** One member's view of phased regions, behind the functions its instance imports. */
export class PhaseContext {
  /** Until when (performance.now() ms) this member may wait at a barrier: a synchronous caller's deadline. */
  until = Infinity

  constructor(private readonly block: ControlBlock, private readonly index: number) {}

  /** The module's "sabre" imports for this member. */
  readonly imports: PhaseImports = {
    threadIndex: (): number => this.index,
    threadCount: (): number => teamSizeOf(this.block),
    barrier: (): void => this.barrier(),
  }

  /**
   * Returns once every member of the region has arrived (the writes each made
   * before arriving are visible to all after it); throws RELEASED if the
   * region was cancelled, or this member's deadline passed, meanwhile.
   */
  barrier(): void {
    const { i32: view } = this.block
    const parties = teamSizeOf(this.block)
    let phase: number
    for (;;) {
      const state = Atomics.load(view, BARRIER)
      if (state & BARRIER_BROKEN) throw RELEASED
      if ((state & ARRIVED_MASK) + 1 === parties) {
        // Last to arrive: the next phase, nobody arrived; the CAS publishes every member's writes to all.
        const next = (state + (1 << ARRIVED_BITS)) & PHASE_MASK
        if (Atomics.compareExchange(view, BARRIER, state, next) === state) {
          Atomics.notify(view, BARRIER)
          return
        }
      } else if (Atomics.compareExchange(view, BARRIER, state, state + 1) === state) {
        phase = state & PHASE_MASK
        break
      }
    }
    for (let i = 0; i < SPIN_ROUNDS; i++) if (this.passed(phase)) return
    for (;;) {
      const state = Atomics.load(view, BARRIER)
      if (this.passed(phase, state)) return
      const remaining = this.until - performance.now()
      if (remaining <= 0) {
        this.block.cancelWith(Cancel.TimedOut)
        throw RELEASED
      }
      // Sleeps only while the word is unchanged: an arrival, the release or a break wakes it.
      Atomics.wait(view, BARRIER, state, remaining === Infinity ? undefined : remaining)
    }
  }

  /** Whether the barrier moved past `phase` (true), is broken (throws RELEASED), or still waits (false). */
  private passed(phase: number, state = Atomics.load(this.block.i32, BARRIER)): boolean {
    // Acquire: the phase moved after every member's writes before it.
    if (state & BARRIER_BROKEN) throw RELEASED
    return (state & PHASE_MASK) !== phase
  }
}
