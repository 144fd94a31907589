// A reusable barrier on two shared Int32 words, the same algorithm and layout
// as assembly/sync/barrier.ts. STATE packs (phase << 16 | arrived), so an
// arrival and a timed-out withdrawal are single CASes that cannot confuse
// phases.

import { rangeError } from '../errors.js'
import { BARRIER_ARRIVED_BITS, BARRIER_PARTIES, BARRIER_STATE, BARRIER_WORDS } from './layout.js'
import { checkWords } from './mutex.js'
import { SPIN_ROUNDS } from './spin.js'
import { assertMayBlock, deadline, sleep, sleepAsync, timedOut } from './wait.js'

const ARRIVED_MASK = (1 << BARRIER_ARRIVED_BITS) - 1
const MAX_PARTIES = ARRIVED_MASK

export class Barrier {
  static readonly WORDS = BARRIER_WORDS

  /** A barrier on view[index], view[index + 1], set up by Barrier.init. */
  constructor(private readonly view: Int32Array, private readonly index = 0) {
    checkWords(view, index, BARRIER_WORDS, 'Barrier')
  }

  /** Sets up a barrier for `parties` agents (before anyone waits on it). */
  static init(view: Int32Array, index: number, parties: number): Barrier {
    const barrier = new Barrier(view, index)
    if (typeof parties !== 'number' || !Number.isInteger(parties) || parties < 1 || parties > MAX_PARTIES) {
      throw rangeError('Barrier parties', `an integer in [1, ${MAX_PARTIES}]`, parties)
    }
    Atomics.store(view, index + BARRIER_STATE, 0)
    Atomics.store(view, index + BARRIER_PARTIES, parties)
    return barrier
  }

  get parties(): number {
    return Atomics.load(this.view, this.index + BARRIER_PARTIES)
  }

  /** Phases completed so far (mod 2^16). */
  get phase(): number {
    return Atomics.load(this.view, this.index + BARRIER_STATE) >>> BARRIER_ARRIVED_BITS
  }

  /** Waits for every party; workers only. Returns true for the one arrival that completed the phase. */
  wait(timeoutMs?: number): boolean {
    assertMayBlock('Barrier.wait', 'waitAsync')
    const until = deadline(timeoutMs, 'Barrier.wait')
    const arrival = this.arrive()
    if (arrival.last) return true
    for (let i = 0; i < SPIN_ROUNDS; i++) if (this.phase !== arrival.phase) return false
    while (this.phase === arrival.phase) {
      const state = Atomics.load(this.view, this.index + BARRIER_STATE)
      if (state >>> BARRIER_ARRIVED_BITS !== arrival.phase) break
      if (!sleep(this.view, this.index + BARRIER_STATE, state, until) && this.withdraw(arrival.phase)) {
        throw timedOut('Barrier.wait', timeoutMs)
      }
    }
    return false
  }

  /** wait() without blocking the thread. */
  async waitAsync(timeoutMs?: number): Promise<boolean> {
    const until = deadline(timeoutMs, 'Barrier.waitAsync')
    const arrival = this.arrive()
    if (arrival.last) return true
    for (;;) {
      const state = Atomics.load(this.view, this.index + BARRIER_STATE)
      if (state >>> BARRIER_ARRIVED_BITS !== arrival.phase) return false
      if (!(await sleepAsync(this.view, this.index + BARRIER_STATE, state, until)) && this.withdraw(arrival.phase)) {
        throw timedOut('Barrier.waitAsync', timeoutMs)
      }
    }
  }

  private arrive(): { phase: number; last: boolean } {
    const { view, index } = this
    const parties = this.parties
    if (parties < 1) throw new RangeError('Barrier has no parties: set it up with Barrier.init(view, index, parties >= 1)')
    for (;;) {
      const state = Atomics.load(view, index + BARRIER_STATE)
      const phase = state >>> BARRIER_ARRIVED_BITS
      if ((state & ARRIVED_MASK) + 1 === parties) {
        // Last to arrive: next phase, nobody arrived yet; wake everyone.
        if (Atomics.compareExchange(view, index + BARRIER_STATE, state, ((phase + 1) << BARRIER_ARRIVED_BITS) | 0) === state) {
          Atomics.notify(view, index + BARRIER_STATE)
          return { phase, last: true }
        }
      } else if (Atomics.compareExchange(view, index + BARRIER_STATE, state, state + 1) === state) {
        return { phase, last: false }
      }
    }
  }

  /** Takes back an arrival after a timeout; false if the phase completed meanwhile. */
  private withdraw(phase: number): boolean {
    for (;;) {
      const state = Atomics.load(this.view, this.index + BARRIER_STATE)
      if (state >>> BARRIER_ARRIVED_BITS !== phase) return false
      if (Atomics.compareExchange(this.view, this.index + BARRIER_STATE, state, state - 1) === state) return true
    }
  }
}
